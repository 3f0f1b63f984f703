using ArabicNewsArchive.Curation;
using ArabicNewsArchive.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace ArabicNewsArchive.Web.Components.Curation;

/// <summary>
/// What the curation panels share: the signed-in curator's name, the message of the last request, and a reload of
/// the page after a correction (the page's read model is loaded once per navigation, and stays the other helpers').
/// </summary>
public abstract class CuratorForm : ComponentBase
{
    [CascadingParameter]
    protected UiLanguage Lang { get; set; } = UiLanguage.Arabic;

    [CascadingParameter]
    private Task<AuthenticationState>? AuthState { get; set; }

    [Inject]
    protected CurationService Curation { get; set; } = null!;

    [Inject]
    protected NavigationManager Nav { get; set; } = null!;

    /// <summary>The last refusal, shown in a live region.</summary>
    protected string? Message { get; set; }

    protected async Task<string> WhoAsync() =>
        AuthState is null ? "unknown" : (await AuthState).User.Identity?.Name ?? "unknown";

    /// <summary>Runs a correction; on success reloads the page, else shows why.</summary>
    protected async Task RunAsync(Func<string, Task<CurationResult>> correction, string? reloadTo = null)
    {
        var result = await correction(await WhoAsync());
        if (result.Outcome == CurationOutcome.Done)
        {
            Message = null;
            Nav.NavigateTo(reloadTo ?? Nav.Uri, forceLoad: true);
            return;
        }

        Message = (result.Field is { } f ? f + ": " : "") + result.Message;
    }
}
