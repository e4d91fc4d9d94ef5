using System.Collections.Concurrent;
using Erhvervsdialog.Core.Users;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Web.Components.Account;

/// <summary>
/// Failed sign-ins (passwords and two-factor codes) per client address in a sliding window. An address over the limit
/// is refused before its password is even checked, and the limit sits below the account lockout: from one machine
/// nobody can lock anybody out. Kept in this node's memory (README: per node).
/// </summary>
public sealed class SignInThrottle(IOptions<SignInSettings> settings, TimeProvider clock)
{
    private const int MaxAddresses = 10_000;
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new();

    public bool IsBlocked(string address)
    {
        if (!_failures.TryGetValue(address, out var times))
        {
            return false;
        }
        lock (times)
        {
            Prune(times);
            return times.Count >= settings.Value.FailuresPerAddress;
        }
    }

    public void Failed(string address)
    {
        if (_failures.Count >= MaxAddresses)
        {
            foreach (var (key, old) in _failures)
            {
                lock (old)
                {
                    Prune(old);
                    if (old.Count == 0)
                    {
                        _failures.TryRemove(key, out _);
                    }
                }
            }
        }
        var times = _failures.GetOrAdd(address, _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            Prune(times);
            times.Enqueue(clock.GetUtcNow());
        }
    }

    private void Prune(Queue<DateTimeOffset> times)
    {
        var since = clock.GetUtcNow() - settings.Value.FailureWindow;
        while (times.TryPeek(out var first) && first < since)
        {
            times.Dequeue();
        }
    }

    public static string AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "ukendt";
}
