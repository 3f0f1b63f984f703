using System.Text.Json;
using Microsoft.Playwright;

namespace ArabicNewsArchive.EndToEnd.Accessibility;

/// <summary>Injects axe-core (npm, pinned in package-lock.json) into a page and judges what it finds.</summary>
public static class AxeCheck
{
    private static readonly Lazy<string> s_axeScript = new(() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js")));

    private static readonly JsonSerializerOptions s_reportOptions = new() { WriteIndented = true };

    /// <summary>Where every violation found is written, one JSON file per checked page, for docs/accessibility.md.</summary>
    public static string ReportDirectory => Path.Combine(Path.GetDirectoryName(Journey.ArtifactsDirectory)!, "axe");

    public static async Task<IReadOnlyList<AxeViolation>> RunAsync(IPage page)
    {
        // Evaluated through the DevTools protocol rather than added as a <script>: the app's content security policy
        // (rightly) refuses inline scripts, and the check must see the page as served, policy included.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(s_axeScript.Value);
        }

        var json = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const results = await axe.run(document, { resultTypes: ['violations'] });
              return results.violations.map(v => ({
                id: v.id,
                impact: v.impact ?? 'unknown',
                help: v.help,
                targets: v.nodes.map(n => n.target.join(' ')),
              }));
            }
            """);
        return [.. json.EnumerateArray().Select(v => new AxeViolation(
            v.GetProperty("id").GetString()!,
            v.GetProperty("impact").GetString()!,
            v.GetProperty("help").GetString()!,
            [.. v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!)]))];
    }

    public static async Task AssertNoSeriousViolationsAsync(IPage page, string label)
    {
        var violations = await RunAsync(page);
        Directory.CreateDirectory(ReportDirectory);
        await File.WriteAllTextAsync(
            Path.Combine(ReportDirectory, $"{label}.json"),
            JsonSerializer.Serialize(new { url = page.Url, violations }, s_reportOptions));

        var serious = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0,
            $"axe-core found serious or critical violations on {label} ({page.Url}):\n" +
            string.Join("\n", serious.Select(v => $"- [{v.Impact}] {v.Id}: {v.Help}\n    " + string.Join("\n    ", v.Targets))));
    }
}

public sealed record AxeViolation(string Id, string Impact, string Help, IReadOnlyList<string> Targets);
