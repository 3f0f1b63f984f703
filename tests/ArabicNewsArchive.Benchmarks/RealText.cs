/// <summary>
/// Real Arabic news for the benchmark (BENCH_CORPUS): the ANT corpus's articles (../shared/corpora/ant-*.tsv.gz,
/// never copied into the repo), written as bare .txt files, title line first, as a user would drop them in. Past
/// the corpus's size an article comes again with its paragraphs shuffled, so every file is new to the store (its
/// own hash) while the words, names and lengths stay those of real news.
/// </summary>
internal sealed class RealText
{
    private readonly List<(string Title, string Text)> _articles;

    private RealText(List<(string Title, string Text)> articles) => _articles = articles;

    public int Count => _articles.Count;

    /// <summary>BENCH_CORPUS: a folder holding ant-*.tsv.gz; "ant" means ../shared/corpora beside the repository.</summary>
    public static RealText? FromEnvironment(string repoRoot)
    {
        if (Environment.GetEnvironmentVariable("BENCH_CORPUS") is not { Length: > 0 } setting)
        {
            return null;
        }

        var dir = setting == "ant" ? Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "corpora")) : Path.GetFullPath(setting);
        var files = Directory.GetFiles(dir, "ant-*.tsv.gz").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"BENCH_CORPUS: no ant-*.tsv.gz in {dir}");
        }

        var articles = new List<(string, string)>();
        foreach (var file in files)
        {
            List<string>? header = null;
            int title = 0, text = 0;
            foreach (var row in Tsv.ReadGzip(file))
            {
                if (header is null)
                {
                    header = row;
                    (title, text) = (header.IndexOf("title"), header.IndexOf("text"));
                    continue;
                }

                if (row.Count > Math.Max(title, text) && row[text].Trim().Length > 0)
                {
                    articles.Add((row[title].Trim(), row[text].Trim()));
                }
            }
        }

        return new RealText(articles);
    }

    /// <summary>Article <paramref name="i"/>: the corpus's own text the first time round, its paragraphs shuffled after.</summary>
    public (string Name, string Content) Generate(int i)
    {
        var (title, text) = _articles[i % _articles.Count];
        if (i >= _articles.Count)
        {
            var paragraphs = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToArray();
            new Random(i).Shuffle(paragraphs);
            text = string.Join("\n\n", paragraphs);
        }

        return ($"real_{i:D7}.txt", $"{title}\n\n{text}\n");
    }

}
