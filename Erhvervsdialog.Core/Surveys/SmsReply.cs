using System.Text.RegularExpressions;

namespace Erhvervsdialog.Core.Surveys;

/// <summary>How a company's SMS reply is read: "STOP", or a score from 1 to 5 with perhaps a few words after it.</summary>
public static partial class SmsReply
{
    public sealed record Answer(int Value, string? Comment);

    /// <summary>"STOP", "stop", "Stop." — also "afmeld", the Danish word companies use.</summary>
    public static bool IsStop(string text) => StopPattern().IsMatch(text);

    /// <summary>"4", "4.", "4 fin service" → 4 (with the comment "fin service"); "45", "4,5", "fire" → not a score.</summary>
    public static Answer? Score(string text)
    {
        var match = ScorePattern().Match(text);
        if (!match.Success)
        {
            return null;
        }
        var comment = match.Groups["comment"].Value.Trim();
        return new Answer(match.Groups["score"].Value[0] - '0', comment.Length == 0 ? null : comment);
    }

    [GeneratedRegex(@"^\s*(stop|afmeld)\W*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StopPattern();

    [GeneratedRegex(@"^\s*(?<score>[1-5])(?![\d,.]\d)[\s.,!:;)-]*(?<comment>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ScorePattern();
}
