namespace Erhvervsdialog.Web.Components.Shared;

/// <summary>
/// Loads where the newest wins: starting one cancels the one before, and an older answer is never shown. A list uses
/// it so that after fast typing or clicking the user sees the answer to the last keystroke, not to the slowest query.
/// </summary>
public sealed class LatestLoad : IDisposable
{
    private CancellationTokenSource? _current;

    /// <summary>A load is under way.</summary>
    public bool Busy => _current is not null;

    /// <summary>Runs <paramref name="load"/> and hands its answer to <paramref name="show"/> unless a newer load started meanwhile.</summary>
    public async Task RunAsync<T>(Func<CancellationToken, Task<T>> load, Action<T> show)
    {
        _current?.Cancel();
        var mine = _current = new CancellationTokenSource();
        try
        {
            var answer = await load(mine.Token);
            if (!mine.IsCancellationRequested)
            {
                show(answer);
            }
        }
        catch (OperationCanceledException) when (mine.IsCancellationRequested)
        {
        }
        finally
        {
            if (ReferenceEquals(mine, _current))
            {
                _current = null;
            }
            mine.Dispose();
        }
    }

    /// <summary>The page closes: a load under way is cancelled.</summary>
    public void Dispose() => _current?.Cancel();
}
