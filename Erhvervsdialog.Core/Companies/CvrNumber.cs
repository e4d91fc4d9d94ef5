namespace Erhvervsdialog.Core.Companies;

/// <summary>The Danish CVR number: 8 digits, the first not 0, with a modulus-11 check (weights 2,7,6,5,4,3,2,1).</summary>
public static class CvrNumber
{
    private static readonly int[] Weights = [2, 7, 6, 5, 4, 3, 2, 1];

    /// <summary>Removes the spaces and "DK" prefix people type ("DK 24 25 67 90").</summary>
    public static string Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return "";
        }
        var text = input.Trim();
        if (text[0] is '+' or '-')
        {
            return text; // A sign is not part of a CVR number: left as typed, it fails IsValid.
        }
        if (text.StartsWith("DK", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }
        return new string(text.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
    }

    public static bool IsValid(string? cvr)
    {
        if (cvr is null || cvr.Length != 8 || !cvr.All(char.IsAsciiDigit) || cvr[0] == '0')
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (cvr[i] - '0') * Weights[i];
        }
        return sum % 11 == 0;
    }

    /// <summary>
    /// A made-up, valid CVR number for tests and benchmarks, different for each <paramref name="n"/> below 1,000,000: the
    /// first of 2nnnnnn, 3nnnnnn, … that has a check digit (one seven-digit start in eleven has none).
    /// </summary>
    public static string MadeUp(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(n, 1_000_000);
        for (var start = 2_000_000 + n; start < 10_000_000; start += 1_000_000)
        {
            var digits = start.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var sum = digits.Select((d, i) => (d - '0') * Weights[i]).Sum();
            var check = (11 - sum % 11) % 11;
            if (check < 10)
            {
                return digits + check;
            }
        }
        throw new InvalidOperationException($"No made-up CVR number for {n}.");
    }
}
