namespace Erhvervsdialog.Core.Users;

/// <summary>How sign-in and sessions behave (section <c>Erhvervsdialog:SignIn</c>). The defaults follow OWASP ASVS level 2.</summary>
public sealed class SignInSettings
{
    public const string Section = "Erhvervsdialog:SignIn";

    /// <summary>
    /// Roles whose local accounts must use two-factor sign-in, comma-separated; empty for none. Single sign-on users get
    /// their second factor from the identity provider.
    /// </summary>
    public string TwoFactorRoles { get; set; } = $"{Roles.Administrator},{Roles.Director}";

    /// <summary>A session not used for this long is signed out.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>However active, a session ends this long after sign-in.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long before either end an open page warns.</summary>
    public TimeSpan Warning { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often an open page and the sign-in cookie are checked against the user (deactivated, signed out elsewhere, new roles).</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed sign-ins (passwords and codes) from one client address within <see cref="FailureWindow"/> before it is refused.</summary>
    public int FailuresPerAddress { get; set; } = 10;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed sign-ins to one account before it is locked for 15 minutes; above <see cref="FailuresPerAddress"/>, so one machine cannot lock anybody out.</summary>
    public const int FailuresPerAccount = 20;

    public bool RequiresTwoFactor(IEnumerable<string> roles)
    {
        var required = TwoFactorRoles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return roles.Any(required.Contains);
    }
}
