using Microsoft.AspNetCore.Identity;

namespace Erhvervsdialog.Core.Users;

/// <summary>
/// Refuses the most common passwords (the shipped list: the 10,000 most common, and the 10,000 most common of 12
/// characters or more) and a password that is the user's own name or e-mail address.
/// </summary>
public sealed class CommonPasswords : IPasswordValidator<AppUser>
{
    public const string ErrorCode = "PasswordCommon";

    private static readonly Lazy<HashSet<string>> List = new(Load);

    public static bool IsCommon(string password) => List.Value.Contains(password.Trim());

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var candidate = password ?? "";
        var own = new[] { user.UserName, user.Email, user.FullName }
            .Any(s => !string.IsNullOrWhiteSpace(s) && string.Equals(s.Trim(), candidate.Trim(), StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(own || IsCommon(candidate)
            ? IdentityResult.Failed(new IdentityError { Code = ErrorCode, Description = Resources.Messages.PasswordCommon })
            : IdentityResult.Success);
    }

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line);
            }
        }
        return set;
    }
}
