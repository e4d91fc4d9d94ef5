using System.Collections.Concurrent;
using Erhvervsdialog.Core.Messaging;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace Erhvervsdialog.Tests.Support;

/// <summary>
/// Stands in for Hangfire's client in database tests: it records the jobs that would be queued, and the test runs
/// them itself, as a worker would. (Hangfire's own storages log through a process-wide provider that the web-app
/// tests replace and dispose.)
/// </summary>
public sealed class RecordingJobClient : IBackgroundJobClient
{
    private readonly ConcurrentQueue<(Job Job, IState State)> _jobs = new();

    public IReadOnlyList<(Job Job, IState State)> Jobs => [.. _jobs];

    /// <summary>The message ids that SendMessageJob was queued or scheduled for, in order.</summary>
    public IReadOnlyList<int> MessageIds =>
        Jobs.Where(j => j.Job.Type == typeof(SendMessageJob)).Select(j => (int)j.Job.Args[0]).ToList();

    public string Create(Job job, IState state)
    {
        _jobs.Enqueue((job, state));
        return _jobs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => true;
}
