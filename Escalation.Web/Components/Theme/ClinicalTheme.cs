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

    /// <summary>The name of the cascading value that says whether the screen in use is dark.</summary>
    public const string DarkScreen = "DarkScreen";

    // Lighter shades of the same meanings: on a dark background the light palette's reds read as brown and its blues vanish.
    private const string CriticalDark = "#ef5350";
    private const string UrgentDark = "#ffa726";
    private const string RoutineDark = "#66bb6a";
    private const string PrimaryLight = "#1565c0";
    private const string PrimaryDark = "#64b5f6";
    private const string SecondaryLight = "#00695c";
    private const string SecondaryDark = "#4db6ac";
    private const string InfoLight = "#0277bd";
    private const string InfoDark = "#4fc3f7";
    private const string TextSecondaryLight = "#4a5563";
    private const string TextSecondaryDark = "#a9b4c0";

    private static readonly Dictionary<string, string> DarkTwins = new(StringComparer.OrdinalIgnoreCase)
    {
        [Critical] = CriticalDark, [Urgent] = UrgentDark, [Routine] = RoutineDark, [PrimaryLight] = PrimaryDark,
        [SecondaryLight] = SecondaryDark, [InfoLight] = InfoDark, [TextSecondaryLight] = TextSecondaryDark,
    };

    /// <summary>Colours a component draws itself (chart lines and bars, which no palette variable reaches), in the order
    /// series take them: primary, secondary, info.</summary>
    public static IReadOnlyList<string> SeriesColours(bool dark) =>
        dark ? [PrimaryDark, SecondaryDark, InfoDark] : [PrimaryLight, SecondaryLight, InfoLight];

    /// <summary>A reference line (a target), in the secondary text colour of the screen in use.</summary>
    public static string ReferenceColour(bool dark) => dark ? TextSecondaryDark : TextSecondaryLight;

    /// <summary>A light-palette colour as it is drawn on the screen in use: on a dark screen, its dark twin.</summary>
    public static string OnScreen(string colour, bool dark) => dark ? DarkTwins.GetValueOrDefault(colour, colour) : colour;

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = PrimaryLight,
            Secondary = SecondaryLight,
            Info = InfoLight,
            Error = Critical,
            Warning = Urgent,
            Success = Routine,
            AppbarBackground = "#0d3c61",
            AppbarText = "#ffffff",
            Background = "#f5f7fa",
            TextPrimary = "#1b1f24",
            TextSecondary = TextSecondaryLight,
        },
        PaletteDark = new PaletteDark
        {
            Primary = PrimaryDark,
            Secondary = SecondaryDark,
            Info = InfoDark,
            Error = CriticalDark,
            Warning = UrgentDark,
            Success = RoutineDark,
            AppbarBackground = "#10161d",
            Background = "#0b0f14",
            Surface = "#151b23",
            DrawerBackground = "#10161d",
            TextPrimary = "#e8edf2",
            TextSecondary = TextSecondaryDark,
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
    };
}
