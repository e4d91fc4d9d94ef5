namespace Erhvervsdialog.Core.Common;

/// <summary>Collects field errors for one command; the first error per field wins.</summary>
public sealed class Errors : Dictionary<string, string>
{
    public new void Add(string field, string message) => TryAdd(field, message);

    /// <summary>Trims the value; records an error if it is required and missing, or longer than allowed.</summary>
    public string? Text(string field, string? value, int maxLength, bool required = false)
    {
        var trimmed = Validators.Trimmed(value);
        if (trimmed is null && required)
        {
            TryAdd(field, Messages.Required);
        }
        else if (trimmed is not null && trimmed.Length > maxLength)
        {
            TryAdd(field, string.Format(Messages.TooLong, maxLength));
        }
        else if (trimmed is not null && Validators.HasControlCharacters(trimmed))
        {
            TryAdd(field, Messages.ControlCharacters);
        }
        return trimmed;
    }
}
