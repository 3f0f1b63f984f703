using ArabicNewsArchive.Web.Localization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ArabicNewsArchive.Web.Tests.Components;

/// <summary>
/// MudBlazor set up once for every component test: its services, loose JS interop (MudBlazor calls JS on render),
/// and async disposal, since xunit v2 disposes synchronously and MudBlazor's services are async-disposable.
/// </summary>
public abstract class BunitTest : IAsyncLifetime
{
    protected BunitContext Context { get; } = new();

    protected BunitTest()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
    }

    /// <summary>Renders a component inside the interface language, as Routes cascades it in the app.</summary>
    protected IRenderedComponent<TComponent> RenderIn<TComponent>(UiLanguage lang, Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        var host = Context.Render<CascadingValue<UiLanguage>>(p => p
            .Add(c => c.Value, lang)
            .Add(c => c.IsFixed, true)
            .AddChildContent<TComponent>(parameters ?? (_ => { })));
        return host.FindComponent<TComponent>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
