using MudBlazor;

namespace ArabicNewsArchive.Web.Components.Layout;

/// <summary>
/// A quiet theme for long reading: Noto Naskh Arabic served from wwwroot/fonts, ink on paper colours with AA+
/// contrast, generous line height. Sizes are in rem so the reader's browser font size is honoured.
/// </summary>
public static class ArchiveTheme
{
    private static readonly string[] s_fonts = ["Noto Naskh Arabic", "DejaVu Sans", "Tahoma", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#8a3b12",
            Tertiary = "#2e6b4f",
            AppbarBackground = "#1f3447",
            AppbarText = "#ffffff",
            Background = "#fbfaf7",
            Surface = "#ffffff",
            TextPrimary = "#1b1b1b",
            TextSecondary = "#4a4a4a",
            DrawerBackground = "#f4f1ea",
            LinesDefault = "#d9d4c7",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = s_fonts, FontSize = "1rem", LineHeight = "1.8" },
            H1 = new H1Typography { FontFamily = s_fonts, FontSize = "2rem", FontWeight = "700", LineHeight = "1.5" },
            H2 = new H2Typography { FontFamily = s_fonts, FontSize = "1.6rem", FontWeight = "700", LineHeight = "1.5" },
            H3 = new H3Typography { FontFamily = s_fonts, FontSize = "1.35rem", FontWeight = "700", LineHeight = "1.5" },
            H4 = new H4Typography { FontFamily = s_fonts, FontSize = "1.2rem", FontWeight = "700", LineHeight = "1.6" },
            H5 = new H5Typography { FontFamily = s_fonts, FontSize = "1.1rem", FontWeight = "700", LineHeight = "1.6" },
            H6 = new H6Typography { FontFamily = s_fonts, FontSize = "1rem", FontWeight = "700", LineHeight = "1.6" },
            Body1 = new Body1Typography { FontFamily = s_fonts, FontSize = "1rem", LineHeight = "1.8" },
            Body2 = new Body2Typography { FontFamily = s_fonts, FontSize = "0.925rem", LineHeight = "1.7" },
            Button = new ButtonTypography { FontFamily = s_fonts, TextTransform = "none" },
            Caption = new CaptionTypography { FontFamily = s_fonts, FontSize = "0.85rem", LineHeight = "1.6" },
            Subtitle1 = new Subtitle1Typography { FontFamily = s_fonts },
            Subtitle2 = new Subtitle2Typography { FontFamily = s_fonts },
        },
    };
}
