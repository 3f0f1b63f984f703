using System.Globalization;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ArabicNewsArchive.Ingestion;

/// <summary>What a .md file's YAML front matter states. Stated values win over inference.</summary>
public sealed record FrontMatter(string? Title, string? Outlet, DateOnly? Published, string? Url, string? Id)
{
    /// <summary>Offset just after the closing fence line (terminator included): where the article text starts.</summary>
    public int End { get; init; }

    /// <summary>Number of source lines the block occupies, fences included.</summary>
    public int LineCount { get; init; }
}

/// <summary>Reads the optional front matter block of a Markdown article (Markdig finds it, YamlDotNet reads it).</summary>
public static partial class FrontMatterReader
{
    private static readonly MarkdownPipeline s_pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();
    private static readonly IDeserializer s_yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    /// <summary>
    /// The front matter of <paramref name="text"/>, null when there is none, or a rejection reason when the block is
    /// there but unreadable (bad YAML, unclosed, a date not in yyyy-MM-dd, an id that cannot be a file name).
    /// </summary>
    public static (FrontMatter? FrontMatter, string? Rejection) Read(string text)
    {
        if (!FenceLine().IsMatch(FirstLine(text)))
        {
            return (null, null);
        }

        // The block ends at the closing fence; the article text starts on the line after it.
        var (end, lineCount) = EndOfBlock(text);
        // Markdig reads the block line by line and closes it at its first closing fence, so the text up to ours gives
        // the same block as the whole article, without parsing the article's Markdown; when it finds none there
        // (its fence rule differing from ours), the whole text is read as before.
        var block = (end > 0 ? FrontMatterBlock(text[..end]) : null) ?? FrontMatterBlock(text);
        if (block is null || end < 0)
        {
            return (null, "front matter: an opening --- without a closing --- line");
        }

        FrontMatterYaml? yaml;
        try
        {
            // YamlDotNet lets the last of two equal keys win without a word: a file that states two titles is
            // ambiguous, so it is rejected rather than read either way.
            if (DuplicateKey(block.Lines.ToString()) is { } duplicate)
            {
                return (null, $"front matter: '{duplicate.Key}' is given twice (line {duplicate.Line + 1}); state each key once");
            }

            yaml = s_yaml.Deserialize<FrontMatterYaml?>(block.Lines.ToString());
        }
        catch (YamlException e)
        {
            return (null, $"front matter: invalid YAML at line {e.Start.Line + 1}: {e.InnerException?.Message ?? e.Message}");
        }

        yaml ??= new FrontMatterYaml();
        DateOnly? published = null;
        if (!string.IsNullOrWhiteSpace(yaml.Published))
        {
            if (!DateOnly.TryParseExact(yaml.Published.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return (null, $"front matter: published must be a date as yyyy-MM-dd, not '{yaml.Published.Trim()}'");
            }

            published = d;
        }

        var id = Blank(yaml.Id);
        if (id is not null && id.All(c => c == '.'))
        {
            // "." and ".." are path segments, not names: /articles/.. would never reach the article.
            return (null, $"front matter: id '{id}' is not a name (only dots)");
        }

        if (id is not null && !SafeId().IsMatch(id))
        {
            return (null, $"front matter: id '{id}' may hold only letters, digits, '-', '_' and '.'");
        }

        return (new FrontMatter(Blank(yaml.Title), Blank(yaml.Outlet), published, Blank(yaml.Url), id)
        {
            End = end,
            LineCount = lineCount,
        }, null);
    }

    /// <summary>The first top-level key that occurs twice, with its line in the YAML (1-based), or null.</summary>
    private static (string Key, long Line)? DuplicateKey(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var depth = 0;
        var isKey = true;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart:
                    depth++;
                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    // A nested value ended: the top-level mapping expects a key again.
                    if (depth == 1)
                    {
                        isKey = !isKey;
                    }

                    break;
                case NodeEvent node when depth == 1:
                    if (isKey && node is Scalar key && !seen.Add(key.Value))
                    {
                        return (key.Value, key.Start.Line);
                    }

                    isKey = !isKey;
                    break;
            }
        }

        return null;
    }

    private static YamlFrontMatterBlock? FrontMatterBlock(string text) =>
        Markdown.Parse(text, s_pipeline).Descendants<YamlFrontMatterBlock>().FirstOrDefault();

    private static string FirstLine(string text)
    {
        var nl = text.IndexOfAny(['\r', '\n']);
        return nl < 0 ? text : text[..nl];
    }

    private static (int End, int LineCount) EndOfBlock(string text)
    {
        var lines = SourceLine.Split(text);
        for (var i = 1; i < lines.Count; i++)
        {
            var content = text[lines[i].Start..lines[i].ContentEnd];
            if (FenceLine().IsMatch(content) || content.TrimEnd() == "...")
            {
                return (lines[i].End, i + 1);
            }
        }

        return (-1, 0);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    [GeneratedRegex(@"^---[ \t]*$")]
    private static partial Regex FenceLine();

    [GeneratedRegex(@"^[\p{L}\p{N}_.\-]{1,200}$")]
    private static partial Regex SafeId();

    private sealed class FrontMatterYaml
    {
        public string? Title { get; set; }

        public string? Outlet { get; set; }

        public string? Published { get; set; }

        public string? Url { get; set; }

        public string? Id { get; set; }
    }
}
