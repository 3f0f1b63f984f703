using ArabicNewsArchive.Search;
using ArabicNewsArchive.Web.Localization;

namespace ArabicNewsArchive.Web.Components.Pages.Archive;

/// <summary>
/// How an article is cited: outlet, title, date at its known precision, the archive id and a stable link. The link
/// starts with <c>Archive:PublicBaseUrl</c> (<see cref="Security.ArchiveOrigins"/>), or is relative when none is
/// configured: never the request's Host header.
/// </summary>
public static class Citation
{
    public static string For(ArticleSummary article, UiLanguage lang, string baseUrl)
    {
        var outlet = article.Outlet is { } o ? lang.Name(o.NameAr, o.NameEn) : lang.L("مصدر غير معروف", "unknown outlet");
        var date = lang.Date(article.Published, article.PublishedRange?.To, article.DatePrecision);
        var url = baseUrl.TrimEnd('/') + "/articles/" + Uri.EscapeDataString(article.Id);
        return lang.IsArabic
            ? $"{outlet}، «{article.Title}»، {date}. أرشيف الأخبار العربية، المعرّف {article.Id}، {url}"
            : $"{outlet}, “{article.Title}”, {date}. Arabic News Archive, id {article.Id}, {url}";
    }
}
