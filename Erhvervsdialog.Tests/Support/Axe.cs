using System.Globalization;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Erhvervsdialog.Tests.Support;

/// <summary>WCAG 2.1 AA as axe-core checks it in Chromium (the level webtilgængelighedsloven asks of public authorities).</summary>
public static class Axe
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>The page's serious and critical findings as it stands, one line per rule with up to three elements; empty if none.</summary>
    public static async Task<string> SeriousFindingsAsync(this IPage page, string where)
    {
        var result = await page.RunAxe(Wcag21AA).WaitAsync(TimeSpan.FromSeconds(60));
        var lines = new StringBuilder();
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            var elements = violation.Nodes.Take(3).Select(n => $"{n.Target} {(n.Html.Length > 160 ? n.Html[..160] + "…" : n.Html)}");
            lines.AppendLine(CultureInfo.InvariantCulture,
                $"{where}: {violation.Impact} {violation.Id} on {violation.Nodes.Length} element(s): {violation.Help} — {string.Join(" | ", elements)}");
        }
        return lines.ToString();
    }

    public static async Task AssertAccessibleAsync(this IPage page, string where)
    {
        var findings = await page.SeriousFindingsAsync(where);
        Assert.True(findings.Length == 0, findings);
    }
}
