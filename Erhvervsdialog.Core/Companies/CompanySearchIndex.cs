using System.Text;

namespace Erhvervsdialog.Core.Companies;

/// <summary>
/// The company search runs on an SQLite FTS5 table (CompanySearch) kept current by triggers on Companies and
/// ProductionUnits; see the CompanySearch migration. Every word the user types must match the start of a word in
/// name, CVR, P-numbers or address.
/// </summary>
public static class CompanySearchIndex
{
    public const int MinimumWordLength = 2;

    /// <summary>
    /// Turns what a user typed into an FTS5 query: each word quoted (so no FTS syntax leaks through) and made a prefix.
    /// "Ærø Byg 2425" becomes <c>"ærø"* "byg"* "2425"*</c>. A single letter or digit is left out: it matches nearly
    /// every company and would cost a scan of the whole index (the prefix index starts at two characters).
    /// Returns null when nothing searchable was typed.
    /// </summary>
    public static string? ToMatchQuery(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var query = new StringBuilder();
        var word = new StringBuilder();
        foreach (var ch in text.Append(' '))
        {
            if (char.IsLetterOrDigit(ch))
            {
                word.Append(char.ToLowerInvariant(ch));
            }
            else if (word.Length >= MinimumWordLength)
            {
                query.Append(query.Length > 0 ? " " : "").Append('"').Append(word).Append("\"*");
                word.Clear();
            }
            else
            {
                word.Clear();
            }
        }
        return query.Length == 0 ? null : query.ToString();
    }
}
