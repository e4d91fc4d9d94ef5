using System.Text;

namespace Erhvervsdialog.Core.Companies;

/// <summary>
/// The company search. On SQLite it runs on an FTS5 table (CompanySearch) kept current by triggers on Companies and
/// ProductionUnits (the CompanySearch migration); on PostgreSQL on a tsvector column made the same way (its own
/// CompanySearch migration). Every word the user types must match the start of a word in name, CVR, P-numbers or address.
/// </summary>
public static class CompanySearchIndex
{
    public const int MinimumWordLength = 2;

    /// <summary>
    /// The words of what a user typed, lower-cased: split at everything that is not a letter or digit. A single letter or
    /// digit is left out: it matches nearly every company and would cost a scan of the whole index (the prefix index
    /// starts at two characters).
    /// </summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return words;
        }
        var word = new StringBuilder();
        foreach (var ch in text.Append(' '))
        {
            if (char.IsLetterOrDigit(ch))
            {
                word.Append(char.ToLowerInvariant(ch));
                continue;
            }
            if (word.Length >= MinimumWordLength)
            {
                words.Add(word.ToString());
            }
            word.Clear();
        }
        return words;
    }

    /// <summary>
    /// The words as an FTS5 query, each quoted (so no FTS syntax leaks through) and made a prefix: "Ærø Byg 2425" becomes
    /// <c>"ærø"* "byg"* "2425"*</c>. Null when nothing searchable was typed.
    /// </summary>
    public static string? ToMatchQuery(string? text) =>
        Words(text) is { Count: > 0 } words ? string.Join(' ', words.Select(w => $"\"{w}\"*")) : null;

    /// <summary>The same words as a PostgreSQL tsquery of prefixes: <c>ærø:* &amp; byg:* &amp; 2425:*</c>.</summary>
    public static string? ToTsQuery(string? text) =>
        Words(text) is { Count: > 0 } words ? string.Join(" & ", words.Select(w => $"{w}:*")) : null;
}
