using Markdig;

namespace ArabicNewsArchive.Web.Components.Pages.Docs;

/// <summary>
/// The project's docs/*.md, found by walking up from the app to the folder that holds the .sln (as seeds/ is),
/// rendered with Markdig with raw HTML disabled. Only names listed in docs/ can be opened: no paths from the URL.
/// </summary>
public sealed class DocsLibrary
{
    private static readonly MarkdownPipeline s_pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseAutoIdentifiers()
        .Build();

    public DocsLibrary(IWebHostEnvironment env)
    {
        Root = FindDocs(env.ContentRootPath) ?? FindDocs(AppContext.BaseDirectory);
    }

    /// <summary>The docs folder, or null when the app runs without its repository around it.</summary>
    public string? Root { get; }

    public IReadOnlyList<string> List() =>
        Root is null
            ? []
            : Directory.EnumerateFiles(Root, "*.md").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList();

    /// <returns>The title (first heading or the name) and the HTML, or null for an unknown name.</returns>
    public (string Title, string Html)? Render(string name)
    {
        if (Root is null || !List().Contains(name))
        {
            return null;
        }
        var markdown = File.ReadAllText(Path.Combine(Root, name + ".md"));
        var title = markdown.Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim() ?? name;
        // Code blocks scroll sideways on narrow screens; tabindex lets a keyboard user scroll them too.
        return (title, Markdown.ToHtml(markdown, s_pipeline).Replace("<pre>", "<pre tabindex=\"0\">", StringComparison.Ordinal));
    }

    private static string? FindDocs(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.sln").Any() || dir.EnumerateFiles("*.slnx").Any())
            {
                var docs = Path.Combine(dir.FullName, "docs");
                return Directory.Exists(docs) ? docs : null;
            }
        }
        return null;
    }
}
