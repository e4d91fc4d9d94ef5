using Erhvervsdialog.Core.Common;
using Microsoft.AspNetCore.Identity;

namespace Erhvervsdialog.Core.Users;

/// <summary>
/// The password rule after OWASP ASVS: 12–128 characters of any kind, no composition rules, not a common password
/// (<see cref="CommonPasswords"/>). One place for the administrator's form, the first run and the user's own change.
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    public static void Check(Errors errors, string field, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            errors.Add(field, Messages.Required);
        }
        else if (password.Length < MinLength)
        {
            errors.Add(field, string.Format(Messages.PasswordTooShort, MinLength));
        }
        else if (password.Length > MaxLength)
        {
            errors.Add(field, string.Format(Messages.PasswordTooLong, MaxLength));
        }
        else if (CommonPasswords.IsCommon(password))
        {
            errors.Add(field, Messages.PasswordCommon);
        }
    }

    /// <summary>Identity's refusals in Danish, at the field they concern.</summary>
    public static Dictionary<string, string> ToErrors(IdentityResult result, string passwordField)
    {
        var errors = new Errors();
        foreach (var error in result.Errors)
        {
            var field = error.Code switch
            {
                nameof(IdentityErrorDescriber.InvalidUserName) => "UserName",
                nameof(IdentityErrorDescriber.DuplicateUserName) => "UserName",
                nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.InvalidEmail) => "Email",
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
                _ => "",
            };
            var message = error.Code switch
            {
                nameof(IdentityErrorDescriber.InvalidUserName) => Messages.UserNameInvalid,
                nameof(IdentityErrorDescriber.DuplicateUserName) => Messages.UserNameTaken,
                nameof(IdentityErrorDescriber.DuplicateEmail) => Messages.EmailTaken,
                nameof(IdentityErrorDescriber.InvalidEmail) => Messages.EmailInvalid,
                nameof(IdentityErrorDescriber.PasswordMismatch) => Messages.CurrentPasswordWrong,
                CommonPasswords.ErrorCode => Messages.PasswordCommon,
                _ => string.Format(Messages.PasswordRejected, error.Description),
            };
            errors.Add(field, message);
        }
        return errors;
    }
}
