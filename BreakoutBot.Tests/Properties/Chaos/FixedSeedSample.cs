using CsCheck;

namespace BreakoutBot.Tests.Properties.Chaos;

/// <summary>
/// Runs the same <paramref name="count"/> cases on every run: generated one after the other from one fixed CsCheck
/// seed (CsCheck's own <c>Sample</c> takes its seed for the first iteration only). A failing case is reported with its
/// own seed and printed; then CsCheck shrinks from that seed (within <c>shrinkIterations</c>) and reports the smallest
/// failing case it finds, with the seed to rerun it.
/// </summary>
internal static class FixedSeedSample
{
    public static async Task RunAsync<T>(Gen<T> gen, string seed, int count, Func<T, Task> assert, Func<T, string> print, int shrinkIterations)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(assert);
        ArgumentNullException.ThrowIfNull(print);
        var pcg = PCG.Parse(seed);
        for (var i = 0; i < count; i++)
        {
            var caseSeed = pcg.ToString(pcg.State);
            var value = gen.Generate(pcg, null!, out _);
            try
            {
                await assert(value);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var found = $"Case {i + 1} of {count} from seed \"{seed}\" failed; its own seed is \"{caseSeed}\": {print(value)}";
                if (shrinkIterations > 0)
                {
                    try
                    {
                        await gen.SampleAsync(assert, seed: caseSeed, iter: shrinkIterations, threads: 1, print: print);
                    }
                    catch (CsCheckException shrunk)
                    {
                        throw new ShouldAssertException(found + Environment.NewLine + "Shrunk: " + shrunk.Message, ex);
                    }
                }
                throw new ShouldAssertException(found, ex);
            }
        }
    }
}
