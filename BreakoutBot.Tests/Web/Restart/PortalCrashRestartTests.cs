using System.Globalization;
using BreakoutBot.Infrastructure.Persistence;
using BreakoutBot.Tests.TestSupport;
using BreakoutBot.Tests.Web.Browser;
using Microsoft.Data.Sqlite;

namespace BreakoutBot.Tests.Web.Restart;

/// <summary>
/// The real portal process is killed (SIGKILL, no graceful shutdown) while its default paper engine holds open positions
/// with resting stops, then started again on the same data folder. Positions, orders, fills and history must be intact
/// and the engine must come back PAUSED with the positions still managed.
/// </summary>
public sealed class PortalCrashRestartTests
{
    private const string Engine = "default";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AKilledPortalComesBackWithPositionsOrdersAndHistoryIntact()
    {
        var folder = Path.Combine(Path.GetTempPath(), "breakoutbot-crash-" + Guid.NewGuid().ToString("N"));
        try
        {
            Snapshot before;
            await using (var first = await PortalProcess.StartAsync(Ct, folder, barIntervalMs: 25))
            {
                var db = Path.Combine(folder, DatabaseOptions.DefaultSqliteFileName);
                before = await WaitForAsync(db, s => s.OpenPositionsWithRestingStop.Count > 0 && s.Closed > 0, TimeSpan.FromSeconds(120), first);
                // Pull the plug at once: whatever the write-behind queue had not written yet is lost, as in a real crash.
                await first.KillAsync();
            }
            before.OpenPositionsWithRestingStop.ShouldNotBeEmpty();

            await using var second = await PortalProcess.StartAsync(Ct, folder, barIntervalMs: 25);
            var dbPath = Path.Combine(folder, DatabaseOptions.DefaultSqliteFileName);
            var after = await WaitForAsync(dbPath, s => s.RestoredTransition, TimeSpan.FromSeconds(60), second);

            // The log says it came back, and in which state; it does not say the engine was created as if it were new.
            await Eventually.WaitUntilAsync(() => second.Output.Contains("Engine default 'Default engine' of system on ", StringComparison.Ordinal)
                && second.Output.Contains(" restored as Paused with ", StringComparison.Ordinal), "the restore logged", TimeSpan.FromSeconds(30));
            second.Output.ShouldNotContain("Engine default 'Default engine' created");
            after.Generation.ShouldBe(1);
            // The restore ended in PAUSED (the RestoredTransition condition); nothing resumed it since.
            after.LastState.ShouldNotBeNull().ShouldNotBeOneOf("Scanning", "LevelBuilding", "SignalWait", "Sizing", "Execution", "Managing");
            // Nothing stored before the crash is lost or rewritten.
            before.PositionIds.Except(after.PositionIds).ShouldBeEmpty("every stored position is still there");
            after.Fills.ShouldBeGreaterThanOrEqualTo(before.Fills);
            after.Orders.ShouldBeGreaterThanOrEqualTo(before.Orders);
            after.Transitions.ShouldBeGreaterThan(before.Transitions);
            // The positions that were open are open again (or closed since by their own stop or target): still managed.
            foreach (var id in before.OpenPositionsWithRestingStop)
            {
                after.PositionStatus[id].ShouldBeOneOf("Open", "Closed");
            }
            // Paused: no new entries after the restart (new positions would carry the generation prefix r1).
            after.PositionIds.ShouldNotContain(id => id.StartsWith("r1", StringComparison.Ordinal));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }

    private static async Task<Snapshot> WaitForAsync(string db, Func<Snapshot, bool> done, TimeSpan timeout, PortalProcess portal)
    {
        Snapshot? last = null;
        var reached = await Eventually.TryWaitUntilAsync(() =>
        {
            if (!File.Exists(db))
            {
                return false;
            }
            try
            {
                last = Read(db);
                return done(last);
            }
            catch (SqliteException)
            {
                return false; // schema not there yet, or a writer holds the lock for a moment
            }
        }, timeout, poll: TimeSpan.FromMilliseconds(250));
        return reached && last is not null
            ? last
            : throw new TimeoutException($"Condition not reached in {timeout.TotalSeconds} s; last: {last}\n{portal.Output}");
    }

    private static Snapshot Read(string db)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var ids = new List<string>();
        var status = new Dictionary<string, string>(StringComparer.Ordinal);
        var openWithStop = new List<string>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = """
                SELECT p.PositionId, p.Status,
                       EXISTS(SELECT 1 FROM Orders o WHERE o.EngineId = p.EngineId AND o.OrderId = p.StopOrderId AND o.Status = 'New')
                FROM Positions p WHERE p.EngineId = $e
                """;
            cmd.Parameters.AddWithValue("$e", Engine);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var id = r.GetString(0);
                ids.Add(id);
                status[id] = r.GetString(1);
                if (r.GetString(1) == "Open" && r.GetInt64(2) == 1)
                {
                    openWithStop.Add(id);
                }
            }
        }
        return new Snapshot(
            ids,
            status,
            openWithStop,
            status.Values.Count(v => v == "Closed"),
            Count(connection, "SELECT COUNT(*) FROM Fills WHERE EngineId = $e"),
            Count(connection, "SELECT COUNT(*) FROM Orders WHERE EngineId = $e"),
            Count(connection, "SELECT COUNT(*) FROM StateTransitions WHERE EngineId = $e"),
            Count(connection, "SELECT COUNT(*) FROM StateTransitions WHERE EngineId = $e AND \"To\" = 'Paused' AND Reason LIKE '%restored after a restart%'") > 0,
            (int)Count(connection, "SELECT COALESCE(MAX(Generation), 0) FROM Engines WHERE Id = $e"),
            Text(connection, "SELECT \"To\" FROM StateTransitions WHERE EngineId = $e ORDER BY Id DESC LIMIT 1"));
    }

    private static long Count(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$e", Engine);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string? Text(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$e", Engine);
        return cmd.ExecuteScalar() as string;
    }

    private sealed record Snapshot(
        IReadOnlyList<string> PositionIds,
        IReadOnlyDictionary<string, string> PositionStatus,
        IReadOnlyList<string> OpenPositionsWithRestingStop,
        int Closed,
        long Fills,
        long Orders,
        long Transitions,
        bool RestoredTransition,
        int Generation,
        string? LastState)
    {
        public override string ToString() =>
            $"positions {PositionIds.Count} (open with stop {OpenPositionsWithRestingStop.Count}, closed {Closed}), fills {Fills}, orders {Orders}, transitions {Transitions}, restored {RestoredTransition}, generation {Generation}, last state {LastState}";
    }
}
