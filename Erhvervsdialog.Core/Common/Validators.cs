using System.Net.Mail;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Erhvervsdialog.Core.Common;

/// <summary>Field checks shared by forms, imports and the API. Each returns the normalised value or null when invalid.</summary>
public static partial class Validators
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// Whether a text holds characters no person types and that can hide or disguise what is shown: control characters
    /// (NUL, ESC …; tab and line breaks are fine), and the bidirectional overrides and isolates that reorder text.
    /// </summary>
    public static bool HasControlCharacters(string value) =>
        value.Any(c => (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069');

    public static bool IsEmail(string value)
    {
        if (!MailAddress.TryCreate(value, out var address) || address.Address != value)
        {
            return false;
        }
        var domain = address.Host;
        return domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.');
    }

    /// <summary>Parses a phone number with Denmark as default region and returns it as E.164 (+4512345678).</summary>
    public static string? ToE164(string value)
    {
        try
        {
            var number = Phones.Parse(value, "DK");
            return Phones.IsValidNumber(number) ? Phones.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>Formats an E.164 number for Danish readers: +45 12 34 56 78.</summary>
    public static string FormatPhone(string? e164)
    {
        if (string.IsNullOrEmpty(e164))
        {
            return "";
        }
        try
        {
            var number = Phones.Parse(e164, "DK");
            return Phones.Format(number, PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    public static bool IsPostalCode(string value) =>
        PostalCodePattern().IsMatch(value) && int.Parse(value) is >= 800 and <= 9990;

    public static bool IsDigits(string value, int length) =>
        value.Length == length && value.All(char.IsAsciiDigit);

    public static string? ToWebsite(string value)
    {
        var candidate = value.Contains("://", StringComparison.Ordinal) ? value : "https://" + value;
        return Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.Host.Contains('.')
            ? uri.ToString().TrimEnd('/')
            : null;
    }

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex PostalCodePattern();
}
