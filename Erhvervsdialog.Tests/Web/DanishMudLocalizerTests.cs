using System.Collections;
using System.Globalization;
using System.Resources;
using Erhvervsdialog.Web.Resources;

namespace Erhvervsdialog.Tests.Web;

public class DanishMudLocalizerTests
{
    /// <summary>Every text MudBlazor has, read from its own English resources: a key added by an upgrade fails here.</summary>
    [Fact]
    public void EveryMudBlazorText_IsDanish()
    {
        var english = new ResourceManager("MudBlazor.Resources.LanguageResource", typeof(MudBlazor.MudButton).Assembly)
            .GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var keys = english.Cast<DictionaryEntry>().Select(e => (string)e.Key).ToList();
        var localizer = new DanishMudLocalizer();

        Assert.True(keys.Count > 100, $"MudBlazor's texts were not found ({keys.Count}).");
        // Left as in English only where Danish writes the same (signs, "Filter", "Operator").
        var notDanish = keys.Where(key => localizer[key].ResourceNotFound || localizer[key].Value == (string?)english.GetObject(key)
            && !key.EndsWith("Sign", StringComparison.Ordinal) && key is not "MudDataGrid_Filter" and not "MudDataGrid_Operator").ToList();
        Assert.True(notDanish.Count == 0, "Not in Danish: " + string.Join(", ", notDanish));
    }

    [Fact]
    public void Arguments_AreFilledIn()
    {
        Assert.Equal("Næste år 2027", new DanishMudLocalizer()["MudBaseDatePicker_NextYear", 2027].Value);
        // A pager counts in Danish: 100.000, not 100,000.
        Assert.Equal("1–25 af 100.000", new DanishMudLocalizer()["MudDataGridPager_InfoFormat", 1, 25, 100_000].Value);
        Assert.Equal("Fold Administration ud eller sammen", new DanishMudLocalizer()["MudNavGroup_ToggleExpand", "Administration"].Value);
    }
}
