using BreakoutBot.Infrastructure.Backtests;
using static BreakoutBot.Tests.Infrastructure.Backtests.BacktestTestBed;

namespace BreakoutBot.Tests.Infrastructure.Backtests;

public class SweepServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SweepService Sweeps(BacktestTestBed bed) => new(bed.Presets.Contexts, bed.Presets.Store, bed.Jobs, bed.Presets.Audit, bed.Presets.Time, bed.Notifier, bed.Data);

    private static SweepRequest TwoByTwo => new()
    {
        Base = Small,
        Field1 = "risk.risk_per_trade",
        Values1 = "0.005, 0.02",
        Field2 = "levels_rules.min_touches",
        Values2 = "2,3",
    };

    [Fact]
    public async Task ASweepQueuesOneRunPerCombinationAndEachRunReplaysItsChangedPreset()
    {
        await using var bed = await CreateAsync();
        var sweeps = Sweeps(bed);

        var result = await sweeps.QueueAsync(Tom, TwoByTwo, Ct);

        result.Errors.ShouldBeEmpty();
        var (sweep, runs) = (await sweeps.GetAsync(Tom, result.Id!.Value, Ct))!.Value;
        sweep.Runs.ShouldBe(4);
        runs.Select(r => PresetOverrides.Describe(r.Overrides)).ShouldBe(
        [
            "risk.risk_per_trade=0.005, levels_rules.min_touches=2",
            "risk.risk_per_trade=0.005, levels_rules.min_touches=3",
            "risk.risk_per_trade=0.02, levels_rules.min_touches=2",
            "risk.risk_per_trade=0.02, levels_rules.min_touches=3",
        ]);
        // levels_rules.min_touches is read by the scan: only the runs with the same value are replayed together.
        bed.Jobs.Jobs.Select(j => ((long[])j.Args[0]).Length).ShouldBe([2, 2]);
        // Sweep runs are not single backtests: they neither fill the list nor count against the per-user limit.
        (await bed.Service.ListAsync(Tom, cancellationToken: Ct)).ShouldBeEmpty();

        await bed.Job.RunAsync(runs[0].Id, Ct);
        await bed.Job.RunAsync(runs[2].Id, Ct);
        var small = (await bed.Service.GetAsync(Tom, runs[0].Id, Ct))!.Report!;
        var large = (await bed.Service.GetAsync(Tom, runs[2].Id, Ct))!.Report!;
        small.Trades.Count.ShouldBeGreaterThan(0);
        // Four times the risk per trade: positions about four times larger.
        var smallSize = small.Trades.Average(t => t.Quantity * t.EntryPrice);
        var largeSize = large.Trades.Average(t => t.Quantity * t.EntryPrice);
        (largeSize / smallSize).ShouldBeGreaterThan(2m);
    }

    [Fact]
    public async Task ASweepOfFieldsTheScanDoesNotReadIsQueuedInGroupsAndEveryRunOfAGroupGetsItsOwnResult()
    {
        await using var bed = await CreateAsync();
        var sweeps = Sweeps(bed);

        var result = await sweeps.QueueAsync(Tom, RiskByTargets, Ct);

        var (_, runs) = (await sweeps.GetAsync(Tom, result.Id!.Value, Ct))!.Value;
        runs.Count.ShouldBe(6);
        // Risk and targets are not read by the scan: the runs are replayed together, in fewer jobs than runs.
        bed.Jobs.Jobs.ShouldAllBe(j => j.Method.Name == nameof(BacktestJob.RunGroupAsync));
        var groups = bed.Jobs.Jobs.Select(j => (long[])j.Args[0]).ToList();
        groups.Count.ShouldBeLessThan(runs.Count);
        groups.Max(g => g.Length).ShouldBeLessThanOrEqualTo(BreakoutBot.Infrastructure.Replay.ReplayGroups.MaxGroupSize);
        groups.SelectMany(g => g).Order().ShouldBe(runs.Select(r => r.Id).Order());

        foreach (var group in groups)
        {
            await bed.Job.RunGroupAsync(group, Ct);
        }
        var done = (await sweeps.GetAsync(Tom, result.Id!.Value, Ct))!.Value.Runs;
        done.ShouldAllBe(r => r.Status == BacktestStatus.Succeeded);
        // Each run traded its own preset: four times the risk, about four times the position.
        var sizes = new Dictionary<string, decimal>();
        foreach (var run in done)
        {
            var report = (await bed.Service.GetAsync(Tom, run.Id, Ct))!.Report!;
            report.Trades.Count.ShouldBeGreaterThan(0);
            sizes[PresetOverrides.Describe(run.Overrides)] = report.Trades.Average(t => t.Quantity * t.EntryPrice);
        }
        (sizes["risk.risk_per_trade=0.02, position_config.tp1_r=1.0"] / sizes["risk.risk_per_trade=0.005, position_config.tp1_r=1.0"]).ShouldBeGreaterThan(2m);
    }

    [Fact]
    public async Task AWalkForwardSweepRunsEveryCombinationOnTheTestRangeToo()
    {
        await using var bed = await CreateAsync();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var result = await Sweeps(bed).QueueAsync(Tom, new SweepRequest
        {
            Base = Small with { From = start, To = start.AddDays(3) },
            Field1 = "risk.risk_per_trade",
            Values1 = "0.01,0.02,0.03",
            TestFrom = start.AddDays(3),
            TestTo = start.AddDays(5),
        }, Ct);

        var (sweep, runs) = (await Sweeps(bed).GetAsync(Tom, result.Id!.Value, Ct))!.Value;
        sweep.WalkForward.ShouldBeTrue();
        runs.Count.ShouldBe(6);
        runs.Count(r => r.IsTestRun).ShouldBe(3);
        runs.Where(r => r.IsTestRun).ShouldAllBe(r => r.From == start.AddDays(3) && r.To == start.AddDays(5));
    }

    [Fact]
    public async Task BadSweepsAreRefusedFieldByFieldAndNothingIsQueued()
    {
        await using var bed = await CreateAsync();
        var sweeps = Sweeps(bed);

        var tooMany = await sweeps.QueueAsync(Tom, TwoByTwo with { Values1 = string.Join(",", Enumerable.Range(1, 11).Select(i => $"0.0{i:00}")), Values2 = string.Join(",", Enumerable.Range(1, 10)) }, Ct);
        var notANumber = await sweeps.QueueAsync(Tom, TwoByTwo with { Values1 = "0.01, lots" }, Ct);
        var invalidPreset = await sweeps.QueueAsync(Tom, TwoByTwo with { Values1 = "0.01, 1.5" }, Ct);
        var unknownField = await sweeps.QueueAsync(Tom, TwoByTwo with { Field1 = "risk.nope" }, Ct);
        var viewer = await sweeps.QueueAsync(Vera, TwoByTwo, Ct);

        tooMany.Errors.ShouldHaveSingleItem().ShouldBe(new BacktestFieldError(nameof(SweepRequest.Values2), "110 combinations; at most 100."));
        notANumber.Errors.ShouldHaveSingleItem().ShouldBe(new BacktestFieldError(nameof(SweepRequest.Values1), "'lots' is not a number."));
        invalidPreset.Errors.ShouldHaveSingleItem().Field.ShouldBe(nameof(SweepRequest.Values1));
        invalidPreset.Errors[0].Message.ShouldStartWith("risk.risk_per_trade=1.5");
        unknownField.Errors.ShouldBe([new BacktestFieldError(nameof(SweepRequest.Field1), "'risk.nope' is not a numeric field of the preset.")]);
        viewer.Refusal.ShouldBe("Only Traders and Admins may run sweeps.");
        bed.Jobs.Jobs.ShouldBeEmpty();
        (await sweeps.ListAsync(Root, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ABadValueOrFieldOfTheSecondFieldIsReportedUnderTheSecondField()
    {
        await using var bed = await CreateAsync();
        var sweeps = Sweeps(bed);

        var badSecondValue = await sweeps.QueueAsync(Tom, TwoByTwo with { Values2 = "2, 0" }, Ct);
        var unknownSecondField = await sweeps.QueueAsync(Tom, TwoByTwo with { Field2 = "levels_rules.nope" }, Ct);

        badSecondValue.Errors.ShouldHaveSingleItem().Field.ShouldBe(nameof(SweepRequest.Values2));
        badSecondValue.Errors[0].Message.ShouldStartWith("risk.risk_per_trade=0.005, levels_rules.min_touches=0");
        unknownSecondField.Errors.ShouldBe([new BacktestFieldError(nameof(SweepRequest.Field2), "'levels_rules.nope' is not a numeric field of the preset.")]);
        bed.Jobs.Jobs.ShouldBeEmpty();
    }

    [Fact]
    public async Task OneActiveSweepPerUserAndCancelStopsItsQueuedRuns()
    {
        await using var bed = await CreateAsync();
        var sweeps = Sweeps(bed);
        var first = (await sweeps.QueueAsync(Tom, TwoByTwo, Ct)).Id!.Value;

        (await sweeps.QueueAsync(Tom, TwoByTwo, Ct)).Refusal.ShouldBe("You already have a sweep running; wait for it to finish or cancel it.");
        (await sweeps.QueueAsync(Ann, TwoByTwo, Ct)).Queued.ShouldBeTrue();
        (await sweeps.CancelAsync(Ann, first, Ct)).ShouldBe("No such sweep.");
        (await sweeps.CancelAsync(Tom, first, Ct)).ShouldBeNull();

        var (sweep, runs) = (await sweeps.GetAsync(Tom, first, Ct))!.Value;
        sweep.IsActive.ShouldBeFalse();
        runs.ShouldAllBe(r => r.Status == BacktestStatus.Cancelled);
        (await sweeps.QueueAsync(Tom, TwoByTwo, Ct)).Queued.ShouldBeTrue();
    }

    [Fact]
    public async Task CancellingASweepTellsThisProcessWhichOfItsRunsAreRunning()
    {
        await using var bed = await CreateAsync();
        var sweeps = Sweeps(bed);
        var requested = new List<long>();
        bed.Notifier.CancelRequested += requested.Add;
        var id = (await sweeps.QueueAsync(Tom, TwoByTwo, Ct)).Id!.Value;
        var ids = (await sweeps.GetAsync(Tom, id, Ct))!.Value.Runs.Select(r => r.Id).ToList();
        await bed.MarkRunningAsync(ids[0]);
        await bed.MarkRunningAsync(ids[2]);

        (await sweeps.CancelAsync(Tom, id, Ct)).ShouldBeNull();

        // The queued ones are cancelled in the database alone; the running ones are also told to a job of this process.
        requested.ShouldBe([ids[0], ids[2]], ignoreOrder: true);
    }

    [Fact]
    public async Task ARowIsSavedAsANewPresetOfTheTraderWhenTheSweptPresetIsBuiltInAfterShowingTheDiff()
    {
        await using var bed = await CreateAsync();
        var sweeps = Sweeps(bed);
        var id = (await sweeps.QueueAsync(Tom, TwoByTwo, Ct)).Id!.Value;
        var row = new Dictionary<string, decimal> { ["risk.risk_per_trade"] = 0.02m, ["levels_rules.min_touches"] = 4m };

        var diff = await sweeps.PreviewAsync(Tom, id, row, Ct);
        var saved = await sweeps.SaveAsPresetAsync(Tom, id, row, "tom_breakout", Ct);

        diff.Select(c => c.Path).ShouldBe(["risk.risk_per_trade", "levels_rules.min_touches"], ignoreOrder: true);
        saved.Success.ShouldBeTrue(saved.Message);
        var preset = (await bed.Presets.Store.GetLatestAsync("tom_breakout", Ct))!;
        preset.Preset.Risk.RiskPerTrade.ShouldBe(0.02);
        preset.Preset.LevelsRules.MinTouches.ShouldBe(4);
        (await bed.Presets.Store.GetLatestAsync("breakout_v1", Ct))!.Version.ShouldBe(1);
    }
}
