using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace BreakoutBot.Tests.TestSupport.Fakes;

/// <summary>A Hangfire client that only records what was enqueued, so a test runs the job itself when it wants.</summary>
public sealed class RecordingJobClient : IBackgroundJobClient
{
    private readonly ConcurrentQueue<Job> _jobs = new();

    public IReadOnlyList<Job> Jobs => [.. _jobs];

    public string Create(Job job, IState state)
    {
        _jobs.Enqueue(job);
        return "job-" + _jobs.Count;
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => true;
}
