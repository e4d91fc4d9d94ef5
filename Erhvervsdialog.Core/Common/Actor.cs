namespace Erhvervsdialog.Core.Common;

/// <summary>
/// The signed-in user on whose behalf a use case runs. Use cases check <see cref="Roles"/> themselves, so a hidden button
/// is never the only guard; the actor is also stamped on rows and written to the access log.
/// </summary>
public sealed record Actor(string UserId, string UserName, IReadOnlySet<string> Roles)
{
    /// <summary>The name people see on rows and notes ("Lærke Nørgaard"); the access log keeps <see cref="UserName"/>.</summary>
    public string? FullName { get; init; }

    public string DisplayName => FullName ?? UserName;

    public bool IsInAnyRole(string commaSeparatedRoles) =>
        commaSeparatedRoles.Split(',').Any(Roles.Contains);

    public void Demand(string commaSeparatedRoles)
    {
        if (!IsInAnyRole(commaSeparatedRoles))
        {
            throw new UnauthorizedAccessException(Resources.Messages.Forbidden);
        }
    }
}
