using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace Erhvervsdialog.Web.Components.Layout;

/// <summary>
/// MudBlazor's theme provider with the app's one theme, whose style sheet (12,000 characters) is built once for the
/// process instead of once per circuit: every open page otherwise holds its own copy (issue "Light, fast pages").
/// Use it with <see cref="AppTheme"/> only; a second theme would get the first one's styles.
/// </summary>
public sealed class AppThemeProvider : MudThemeProvider
{
    public static readonly MudTheme AppTheme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#2e7d32",
            AppbarBackground = "#1f4e79",
            // MudBlazor's own status colours carry white text at 2.2–3.7:1; these darker shades reach WCAG AA's 4.5:1
            // (5.0–5.8:1) on every chip, button and alert that uses them.
            Error = "#c62828",
            Warning = "#b45309",
            Info = "#1565c0",
            Success = "#2e7d32",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["DejaVu Sans", "Segoe UI", "Helvetica", "Arial", "sans-serif"] },
        },
    };

    private static string? s_styles;

    // MudThemeProvider renders two constant style blocks (scrollbar, chart hover; in app.css here) and BuildTheme(), a new
    // string at each render. The app has one theme in light mode, so one string serves every circuit.
    protected override void BuildRenderTree(RenderTreeBuilder builder) =>
        builder.AddMarkupContent(0, s_styles ??= BuildTheme());
}
