using System.Globalization;
using Erhvervsdialog.Core.Common;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Erhvervsdialog.Web.Resources;

/// <summary>
/// MudBlazor's own texts in Danish (MudBlazorText.resx): what a screen reader hears on its buttons ("Luk", "Ryd",
/// "Åbn kalender"), its pagers and its messages. A key MudBlazor adds later falls back to its English text.
/// </summary>
public sealed class DanishMudLocalizer : MudLocalizer
{
    private static readonly System.Resources.ResourceManager Texts =
        new("Erhvervsdialog.Web.Resources.MudBlazorText", typeof(DanishMudLocalizer).Assembly);

    public override LocalizedString this[string key] =>
        Texts.GetString(key, CultureInfo.InvariantCulture) is { } text ? new(key, text) : base[key];

    public override LocalizedString this[string key, params object[] arguments] =>
        Texts.GetString(key, CultureInfo.InvariantCulture) is { } text
            ? new(key, string.Format(DanishTime.Culture, text, arguments))
            : base[key, arguments];
}
