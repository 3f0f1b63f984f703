using ArabicNewsArchive.Web.Components.Pages.Archive;
using ArabicNewsArchive.Web.Components.Pages.Docs;
using ArabicNewsArchive.Web.Components.Shared;
using ArabicNewsArchive.Web.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ArabicNewsArchive.Web.Components;

/// <summary>What the reading room (pages, language switch, exports) adds to the app: one call each in Program.cs.</summary>
public static class UiServices
{
    public static IServiceCollection AddArchiveUi(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddScoped<NameDirectory>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PrerenderHandoff>();
        services.AddScoped<Pages.People.PersonPageModel>();
        services.AddScoped<Pages.Timeline.TimelineModel>();
        services.AddScoped<Pages.Topics.TopicPageModel>();
        services.AddSingleton<DocsLibrary>();
        return services;
    }

    public static IEndpointRouteBuilder MapArchiveUi(this IEndpointRouteBuilder app)
    {
        app.MapLanguageEndpoints();
        app.MapExportEndpoints();
        return app;
    }
}
