using Erhvervsdialog.Core.Users;

namespace Erhvervsdialog.Core.Common;

/// <summary>
/// The signed-in user on whose behalf a use case runs. Use cases check <see cref="Policies"/> themselves, so a hidden
/// button is never the only guard; the actor is also stamped on rows and written to the access log.
/// </summary>
public sealed record Actor(string UserId, string UserName, IReadOnlySet<string> Roles)
{
    /// <summary>The name people see on rows and notes ("Lærke Nørgaard"); the access log keeps <see cref="UserName"/>.</summary>
    public string? FullName { get; init; }

    public string DisplayName => FullName ?? UserName;

    /// <summary>Whether the policy admits this user at all (for some records, at least).</summary>
    public bool May(string policy) => Policies.Table[policy].Roles.Any(Roles.Contains);

    /// <summary>Whether the policy holds for this user on every record, without its record rule.</summary>
    public bool MayOnEveryRecord(string policy) => Policies.Table[policy].EveryRecord.Any(Roles.Contains);

    public void Demand(string policy)
    {
        if (!May(policy))
        {
            throw new UnauthorizedAccessException(Resources.Messages.Forbidden);
        }
    }
}
