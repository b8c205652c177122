using MudBlazor;

namespace Escalation.Web.Components.Theme;

/// <summary>
/// The one place the product's colours are defined. The tier colours are the palette's Error (Critical), Warning
/// (Urgent) and Success (Routine), so every MudBlazor control and app.css (through --mud-palette-*) agree. The dark
/// palette is for the charge nurse's board at night and the wall display: same meanings, lower glare.
/// </summary>
public static class ClinicalTheme
{
    public const string Critical = "#c62828";
    public const string Urgent = "#ef6c00";
    public const string Routine = "#2e7d32";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565c0",
            Secondary = "#00695c",
            Info = "#0277bd",
            Error = Critical,
            Warning = Urgent,
            Success = Routine,
            AppbarBackground = "#0d3c61",
            AppbarText = "#ffffff",
            Background = "#f5f7fa",
            TextPrimary = "#1b1f24",
            TextSecondary = "#4a5563",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#64b5f6",
            Secondary = "#4db6ac",
            Info = "#4fc3f7",
            // Lighter shades of the same three meanings: on a dark background the light-palette reds read as brown.
            Error = "#ef5350",
            Warning = "#ffa726",
            Success = "#66bb6a",
            AppbarBackground = "#10161d",
            Background = "#0b0f14",
            Surface = "#151b23",
            DrawerBackground = "#10161d",
            TextPrimary = "#e8edf2",
            TextSecondary = "#a9b4c0",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
    };
}
