using System.Globalization;
using CsCheck;

namespace BreakoutBot.Tests.Properties.Chaos;

/// <summary>The faults a write call to the exchange can meet.</summary>
public enum ChaosFault
{
    /// <summary>Refused as rate-limited; not executed (transient).</summary>
    RateLimited,

    /// <summary>Refused as busy; not executed (transient).</summary>
    Busy,

    /// <summary>Refused for good (a reject).</summary>
    Rejected,

    /// <summary>Executed by the exchange, but the answer is lost (a timeout whose outcome is unknown).</summary>
    AnswerLost,
}

/// <summary>One thing that happens to a trading engine and its exchange; a test case is a sequence of them.</summary>
public abstract record ChaosStep
{
    /// <summary>A sequence of 10 to 40 steps, mostly bars, with every kind of trouble mixed in.</summary>
    public static Gen<ChaosStep[]> Sequence { get; } = Gen.Frequency(
        (8, Gen.Select(Gen.Int[0, 1], Gen.Int[-250, 250], Gen.Int[0, 150]).Select(t => (ChaosStep)new Bar(t.Item1, t.Item2, t.Item3))),
        (3, Gen.Select(Gen.Int[0, 1], Gen.Bool, Gen.Int[40, 400], Gen.Int[200, 3000]).Select(t => (ChaosStep)new Open(t.Item1, t.Item2, t.Item3, t.Item4))),
        (1, Gen.Select(Gen.Int[1, 3], Gen.Enum<ChaosFault>()).Select(t => (ChaosStep)new Fault(t.Item1, t.Item2))),
        (1, Gen.Int[0, 1].Select(i => (ChaosStep)new PartialLiquidity(i))),
        (1, Gen.Int[0, 1].Select(i => (ChaosStep)new CancelStop(i))),
        (1, Gen.Int[1, 4].Select(n => (ChaosStep)new Reconnect(n))),
        (1, Gen.Const((ChaosStep)new Restart())),
        (1, Gen.Const((ChaosStep)new Flatten()))).Array[10, 40];

    /// <summary>The sequence in one line, for the failure message.</summary>
    public static string Print(ChaosStep[] steps) => string.Join(", ", steps.Select(s => s.ToString()));

    /// <summary>One 5-minute bar on instrument <paramref name="Instrument"/>: the price moves <paramref name="MoveBps"/> with wicks of <paramref name="WickBps"/>.</summary>
    public sealed record Bar(int Instrument, int MoveBps, int WickBps) : ChaosStep
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"bar#{Instrument} {MoveBps:+0;-0}bp/{WickBps}");
    }

    /// <summary>An approved entry of about <paramref name="NotionalUsd"/> with its stop <paramref name="StopBps"/> away.</summary>
    public sealed record Open(int Instrument, bool Long, int StopBps, int NotionalUsd) : ChaosStep
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"open#{Instrument} {(Long ? "long" : "short")} ${NotionalUsd} stop {StopBps}bp");
    }

    /// <summary>The next <paramref name="Times"/> write calls (place, cancel, amend, resize) meet <paramref name="Kind"/>.</summary>
    public sealed record Fault(int Times, ChaosFault Kind) : ChaosStep
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind}x{Times}");
    }

    /// <summary>The next entry on the instrument finds only part of its size in the book (a partial fill).</summary>
    public sealed record PartialLiquidity(int Instrument) : ChaosStep
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"thin#{Instrument}");
    }

    /// <summary>Someone else (or the exchange) cancels the resting stop of a position on the instrument.</summary>
    public sealed record CancelStop(int Instrument) : ChaosStep
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"cancel-stop#{Instrument}");
    }

    /// <summary>The connection drops: <paramref name="Bars"/> bars trade unheard, then the engine reconciles as after a reconnect.</summary>
    public sealed record Reconnect(int Bars) : ChaosStep
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"deaf {Bars} bars+reconnect");
    }

    /// <summary>The process restarts: the engine is rebuilt from its stored positions (and, on paper, its stored account).</summary>
    public sealed record Restart : ChaosStep
    {
        public override string ToString() => "restart";
    }

    /// <summary>Kill switch: every position is closed at market.</summary>
    public sealed record Flatten : ChaosStep
    {
        public override string ToString() => "flatten";
    }
}
