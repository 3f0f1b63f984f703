using ArabicNewsArchive.Web.Components.Shared;
using ArabicNewsArchive.Web.Localization;
using Bunit;

namespace ArabicNewsArchive.Web.Tests.Components;

public sealed class DateDisplayTests : BunitTest
{
    [Fact]
    public void DateDisplay_MonthPrecision_ShowsMonthAndYearOnly()
    {
        var cut = RenderIn<DateDisplay>(UiLanguage.Arabic, p => p.Add(c => c.Date, new DateOnly(2022, 2, 1)).Add(c => c.Precision, "month"));

        var time = cut.Find("time");
        Assert.Equal("فبراير 2022", time.TextContent);
        Assert.Equal("2022-02", time.GetAttribute("datetime"));
    }

    [Fact]
    public void DateDisplay_DayPrecision_ShowsTheDay()
    {
        var cut = RenderIn<DateDisplay>(UiLanguage.Arabic, p => p.Add(c => c.Date, new DateOnly(2022, 2, 4)).Add(c => c.Precision, "day"));

        Assert.Equal("4 فبراير 2022", cut.Find("time").TextContent);
        Assert.Equal("2022-02-04", cut.Find("time").GetAttribute("datetime"));
    }

    [Fact]
    public void DateDisplay_English_FormatsInEnglish()
    {
        var cut = RenderIn<DateDisplay>(UiLanguage.English, p => p.Add(c => c.Date, new DateOnly(2022, 9, 1)).Add(c => c.Precision, "month"));

        Assert.Equal("September 2022", cut.Find("time").TextContent);
    }

    [Fact]
    public void DateDisplay_Unknown_SaysSoAndHasNoMachineDate()
    {
        var cut = RenderIn<DateDisplay>(UiLanguage.Arabic, p => p.Add(c => c.Date, null).Add(c => c.Precision, "unknown"));

        Assert.Equal("تاريخ غير معروف", cut.Find("time").TextContent);
        Assert.Equal("", cut.Find("time").GetAttribute("datetime"));
    }

    [Fact]
    public void DateDisplay_ShowPrecision_ExplainsMonthOnly()
    {
        var cut = RenderIn<DateDisplay>(UiLanguage.English, p => p
            .Add(c => c.Date, new DateOnly(2022, 2, 1)).Add(c => c.Precision, "month").Add(c => c.ShowPrecision, true));

        Assert.Contains("only the month is known", cut.Markup);
    }
}
