using System.Diagnostics;
using System.Globalization;
using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Benchmarks;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Store;
using ArabicNewsArchive.Stories;
using ArabicNewsArchive.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

// Search benchmark: a synthetic archive built from the seeds' own sentences, indexed through SearchIndex, queried
// through SearchService (facets included), against a naive baseline (LIKE over normalised text) on the same rows.
// Usage: dotnet run -c Release --project tests/ArabicNewsArchive.Benchmarks -- [sizes, e.g. 10000,100000]
// Dates on real news instead: ... -- dates FILE.tsv.gz [FILE ...] (see DateEvaluation); stories: ... -- stories (StoryEvaluation).
if (args is ["dates", .. var dateArgs])
{
    return ArabicNewsArchive.Benchmarks.DateEvaluation.Run(dateArgs, FindSeeds());
}

if (args is ["stories", .. var storyArgs])
{
    // Stories on real news (StoryEvaluation.cs).
    return await ArabicNewsArchive.Benchmarks.StoryEvaluation.RunAsync(storyArgs, FindSeeds());
}

if (args.Length > 0 && args[0] is "train-iptc" or "eval-outlets")
{
    // The IPTC model's training and the ANT figures (Training.cs): corpora from ../shared/corpora unless given.
    var root = Path.GetDirectoryName(FindSeeds())!;
    var corpora = args.Length > 1 ? args[1] : Path.GetFullPath(Path.Combine(root, "..", "shared", "corpora"));
    if (args[0] == "train-iptc")
    {
        Training.TrainIptc(corpora, FindSeeds());
    }
    else
    {
        Training.EvalOutlets(corpora, FindSeeds());
    }

    return 0;
}

if (args.Length > 0 && args[0] == "people")
{
    await ArabicNewsArchive.Benchmarks.PeopleTools.RunAsync(args[1..], FindSeeds());
    return 0;
}

var sizes = (args.Length > 0 ? args[0] : "10000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var seedsDir = FindSeeds();
var corpus = Corpus.Load(seedsDir);
Corpus.SeedsDir = seedsDir;
// BENCH_CORPUS=ant (or a folder with ant-*.tsv.gz): real news instead of the seeds' sentences.
Corpus.Real = RealText.FromEnvironment(Path.GetDirectoryName(seedsDir)!);
Console.WriteLine(Corpus.Real is { } real
    ? $"corpus: {real.Count:N0} real articles (ANT), repeated with shuffled paragraphs past that; {Environment.ProcessorCount} cores"
    : $"corpus: {corpus.Sentences.Count} sentences from {seedsDir}; {Environment.ProcessorCount} cores");
if (Environment.GetEnvironmentVariable("BENCH_DB") is { Length: > 0 } existing)
{
    await Bench.QueriesOnlyAsync(existing);
}
else
{
    foreach (var size in sizes)
    {
        await Bench.RunAsync(size, corpus);
    }
}

return 0;

static string FindSeeds()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ArabicNewsArchive.sln")))
    {
        dir = dir.Parent;
    }

    return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "seeds");
}

internal sealed class Corpus
{
    public required List<string> Sentences { get; init; }

    public static string SeedsDir { get; set; } = "";

    /// <summary>Real articles to write instead of synthetic ones (BENCH_CORPUS), or null.</summary>
    public static RealText? Real { get; set; }

    public static readonly (string Slug, string NameEn, string[] Spellings)[] People =
    [
        ("vladimir-putin", "Vladimir Putin", ["فلاديمير بوتين", "بوتين", "فلاديمير بوتن"]),
        ("xi-jinping", "Xi Jinping", ["شي جين بينغ", "شي جين بينج", "شي جينبينغ"]),
        ("wang-yi", "Wang Yi", ["وانغ يي", "وانج يي"]),
        ("sergey-lavrov", "Sergey Lavrov", ["سيرغي لافروف", "سيرجي لافروف", "لافروف"]),
        ("nikolai-patrushev", "Nikolai Patrushev", ["نيكولاي باتروشيف", "باتروشيف"]),
        ("dmitry-peskov", "Dmitry Peskov", ["دميتري بيسكوف", "ديمتري بيسكوف", "بيسكوف"]),
        ("yuri-ushakov", "Yuri Ushakov", ["يوري أوشاكوف", "يوري اوشاكوف"]),
        ("zhao-lijian", "Zhao Lijian", ["تشاو ليجيان", "جاو ليجيان"]),
        ("yang-jiechi", "Yang Jiechi", ["يانغ جيتشي", "يانج جيتشي"]),
        ("andrey-denisov", "Andrey Denisov", ["أندريه دينيسوف", "اندريه دينيسوف"]),
    ];

    public static readonly string[] Topics =
        ["joint-statement", "security", "military", "trade-energy", "ukraine-war", "winter-olympics", "multipolarity", "united-states-west", "visits-summits", "asia-pacific"];

    public static Corpus Load(string dir)
    {
        var sentences = Directory.GetFiles(dir, "*.txt")
            .SelectMany(f => File.ReadAllText(f).Split(['\n', '.'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(s => s.Length > 30)
            .Distinct()
            .ToList();
        return new Corpus { Sentences = sentences };
    }
}

internal static class Bench
{
    private static readonly string[] s_seedWords = ["أولمبياد", "تايوان", "سمرقند", "الطاقة", "العسكري", "الاستقرار", "النفط", "شنغهاي"];
    private static readonly string[] s_seedPhrases = ["\"البيان المشترك\"", "\"الولايات المتحدة\"", "\"مجلس الأمن\"", "\"العلاقات الثنائية\""];

    // Real news: words and phrases of every desk (politics, economy, sport, culture), some rare, some everywhere.
    private static readonly string[] s_realWords = ["الانتخابات", "النفط", "المنتخب", "اللاجئين", "البورصة", "مهرجان", "الحوثيين", "الاستثمار"];
    private static readonly string[] s_realPhrases = ["\"الولايات المتحدة\"", "\"مجلس الأمن\"", "\"كرة القدم\"", "\"الأمم المتحدة\""];

    // Prefix queries of 2 and 3 letters: the lengths FTS5's prefix indexes (prefix='2 3') answer from an entry of their own.
    private static readonly string[] s_seedPrefixes = ["او*", "تاي*", "سم*", "طا*", "عس*", "است*", "نف*", "شن*"];
    private static readonly string[] s_realPrefixes = ["انت*", "نف*", "منت*", "لا*", "بور*", "مهر*", "حو*", "است*"];

    private static string[] Words => Corpus.Real is null ? s_seedWords : s_realWords;

    private static string[] Prefixes => Corpus.Real is null ? s_seedPrefixes : s_realPrefixes;

    private static string[] Phrases => Corpus.Real is null ? s_seedPhrases : s_realPhrases;

    private static long s_textBytes;

    public static async Task RunAsync(int size, Corpus corpus)
    {
        var path = Path.Combine(Path.GetTempPath(), $"archive-bench-{size}-{Guid.NewGuid():N}.db");
        var filesDir = Path.Combine(Path.GetTempPath(), $"archive-bench-files-{size}-{Guid.NewGuid():N}");
        var cs = $"Data Source={path};Pooling=True";
        var options = new DbContextOptionsBuilder<ArchiveDbContext>().UseSqlite(cs).Options;
        var factory = new PooledDbContextFactory<ArchiveDbContext>(options);
        // BENCH_INGEST: "process" (the default) times the product's ingest command as a process of its own on a new
        // store; "inprocess" times IngestionService in this process (which holds the generated corpus: the figure
        // builds were compared by until the command was measured); "both" does the command, then this process's
        // run into a second store, for the comparison.
        var mode = Environment.GetEnvironmentVariable("BENCH_INGEST") is { Length: > 0 } m ? m : "process";
        if (mode is not ("process" or "inprocess" or "both"))
        {
            throw new InvalidOperationException($"BENCH_INGEST={mode}: process, inprocess or both");
        }

        var profileOnly = Environment.GetEnvironmentVariable("BENCH_PROFILE") is not null && Environment.GetEnvironmentVariable("BENCH_PROFILE_ONLY") is not null;
        var byCommand = mode != "inprocess" && !profileOnly && Environment.GetEnvironmentVariable("BENCH_FILES") is null;
        // The same start-up as the web host and the ingest command: migrations, reference data synced. The command
        // starts from no store at all, as a first import does; its start-up is part of what it is timed for.
        ReferenceData? reference = byCommand ? null : await PrepareAsync(factory);

        // Files on disk, written outside the timed part: the pipeline reads, decodes, cleans and analyses them.
        var rng = new Random(42);
        var extra = Math.Max(10, size / 1000);
        Directory.CreateDirectory(Path.Combine(filesDir, "main"));
        Directory.CreateDirectory(Path.Combine(filesDir, "more"));
        for (var i = 0; i < size + extra; i++)
        {
            var (name, content) = Corpus.Real is { } real ? real.Generate(i) : Generate(i, size, corpus, rng);
            File.WriteAllText(Path.Combine(filesDir, i < size ? "main" : "more", name), content);
        }

        if (Environment.GetEnvironmentVariable("BENCH_FILES") is { Length: > 0 } keepFiles)
        {
            // Only the files, moved to BENCH_FILES: to time the ingest command as a process of its own (its peak RSS
            // without this harness's copy of the corpus), e.g. under /usr/bin/time -v.
            Directory.Move(Path.Combine(filesDir, "main"), keepFiles);
            Directory.Delete(filesDir, recursive: true);
            SqliteConnection.ClearAllPools();
            File.Delete(path);
            Console.WriteLine($"files: {keepFiles}");
            return;
        }

        // The text as read (UTF-8 bytes of the files to import): what the store's size is held against.
        s_textBytes = Directory.GetFiles(Path.Combine(filesDir, "main")).Sum(f => new FileInfo(f).Length);
        IngestCommandRun.Result? command = null;
        if (byCommand)
        {
            var dll = await IngestCommandRun.WebDllAsync(Path.GetDirectoryName(Corpus.SeedsDir)!);
            command = await IngestCommandRun.RunAsync(dll, Path.Combine(filesDir, "main"), path, Corpus.SeedsDir);
            SqliteConnection.ClearAllPools();
            // The store as the command left it: reference data in sync already, so this only reads it.
            reference = await PrepareAsync(factory);
        }

        if (Environment.GetEnvironmentVariable("BENCH_PROFILE") is not null)
        {
            ProfileStages(Path.Combine(filesDir, "main"), reference!);
            if (Environment.GetEnvironmentVariable("BENCH_PROFILE_ONLY") is not null)
            {
                // Only the per-article profile: comparing two builds of the analysis needs nothing else.
                Directory.Delete(filesDir, recursive: true);
                SqliteConnection.ClearAllPools();
                File.Delete(path);
                File.Delete(path + "-wal");
                File.Delete(path + "-shm");
                return;
            }
        }

        var ingestion = new IngestionService(factory, reference!);
        InProcessRun? inProcess = null;
        if (mode != "process")
        {
            // In "both" a store of its own, so the incremental, re-run and revision runs below and the queries read
            // the command's store.
            inProcess = await IngestInProcessAsync(mode == "both" ? null : ingestion, Path.Combine(filesDir, "main"), size);
        }

        // An incremental run into the full store: the case the story step must not make linear in the archive.
        var more = Stopwatch.StartNew();
        TimeSpan moreFilesDone = default;
        var moreRun = await ingestion.IngestAsync([Path.Combine(filesDir, "more")], p =>
        {
            if (p.Done == p.Total)
            {
                moreFilesDone = p.Elapsed;
            }
        });
        more.Stop();

        // A re-run of the same files: all unchanged (idempotent), no story step.
        var again = Stopwatch.StartNew();
        var againRun = await ingestion.IngestAsync([Path.Combine(filesDir, "more")]);
        again.Stop();

        // A revision run: as many stored files as the incremental run added, each one sentence longer. Their
        // re-indexed rows leave tombstones in the old segments, which the queries below then read past.
        var revisedFiles = Directory.GetFiles(Path.Combine(filesDir, "main")).Order(StringComparer.Ordinal)
            .Where(f => new FileInfo(f).Length > 0).Take(extra).ToList();
        foreach (var file in revisedFiles)
        {
            File.AppendAllText(file, "\n\nوأضاف المتحدث أن المحادثات ستتواصل الأسبوع المقبل.\n");
        }

        var reviser = new IngestionService(factory, reference!);
        var revise = Stopwatch.StartNew();
        var revisedRun = await reviser.IngestAsync(revisedFiles);
        revise.Stop();

        int stories, withStory, relations;
        await using (var db = await factory.CreateDbContextAsync())
        {
            stories = await db.Stories.CountAsync();
            withStory = await db.Articles.CountAsync(a => a.StoryId != null);
            relations = await db.ArticleRelations.CountAsync();
            var counts = new List<string>
            {
                $"paragraphs {await db.Database.SqlQueryRaw<long>("SELECT COALESCE(SUM(length(ParagraphMap)), 0) AS Value FROM Articles").SingleAsync() / 1024.0:N0} KB of maps", $"mentions {await db.Mentions.CountAsync():N0}", $"quotes {await db.Quotes.CountAsync():N0}",
                $"topics {await db.ArticleTopics.CountAsync():N0}", $"topic evidence {await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM ArticleTopics, json_each(Evidence)").SingleAsync():N0}",
                $"date evidence {await db.DateEvidence.CountAsync():N0}", $"people {await db.People.CountAsync():N0}",
            };
            Console.WriteLine("rows: " + string.Join(", ", counts));
        }

        // The store's size as ingestion leaves it, before the baseline's copy goes into the same file.
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }

        var storeBytes = new FileInfo(path).Length;
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE Baseline (ArticleId TEXT PRIMARY KEY, Text TEXT NOT NULL);");
        }

        // The baseline's normalised copy is written outside the timed ingestion (it is not part of the product).
        await using (var db = await factory.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var rows = await db.Articles.AsNoTracking().Select(a => new { a.Id, a.Title, a.SourceText }).ToListAsync();
            foreach (var r in rows)
            {
                await db.Database.ExecuteSqlRawAsync("INSERT INTO Baseline VALUES ({0}, {1})", r.Id, ArabicNormalizer.Normalize(r.Title + "\n" + r.SourceText));
            }

            await tx.CommitAsync();
        }

        Directory.Delete(filesDir, recursive: true);
        Console.WriteLine();
        Console.WriteLine($"## {size:N0} articles");
        var imported = command?.Imported ?? inProcess!.Imported;
        if (command is { } c)
        {
            var dll = await IngestCommandRun.WebDllAsync(Path.GetDirectoryName(Corpus.SeedsDir)!);
            Console.WriteLine($"ingestion, the product's `ingest` command as a process of its own (dotnet {Path.GetRelativePath(Path.GetDirectoryName(Corpus.SeedsDir)!, dll)} ingest DIR, new store, "
                + $"MALLOC_ARENA_MAX={Environment.GetEnvironmentVariable("BENCH_MALLOC_ARENA_MAX") ?? "2"}): {c.Imported:N0} imported, "
                + $"{c.Rejected.Count} rejected{(c.Rejected.Reasons.Count > 0 ? " (" + string.Join("; ", c.Rejected.Reasons) + ")" : "")}");
            Console.WriteLine($"  files: {c.FilesSeconds:N1} s = {c.FilesPerSecond:N0} articles/s (its progress line); the whole command (start-up, migrations, files, "
                + $"index settled, story step, exit): {c.Whole.TotalSeconds:N1} s = {size / c.Whole.TotalSeconds:N0} articles/s");
            Console.WriteLine($"  ingestion RSS: peak {c.PeakRssMb:N0} MB ({c.PeakFrom}){(c.CpuSeconds is { } cpu ? $"; CPU user {cpu.User:N1} s + system {cpu.System:N1} s = {(cpu.User + cpu.System) * 1000 / Math.Max(1, c.Imported):N2} ms per article" : "")}");
            Console.WriteLine($"  stages (the command's, wall clock): {c.Stages ?? "(not printed: a build before Archive:IngestStages)"}");
        }

        if (inProcess is { } own)
        {
            Console.WriteLine($"ingestion in the benchmark's own process ({(command is null ? "BENCH_INGEST=inprocess" : "secondary, BENCH_INGEST=both; a store of its own")}: "
                + $"IngestionService beside the generated corpus in the same heap, slower than the command): {own.Imported:N0} imported, {own.Rejected}");
            Console.WriteLine($"  files: {own.FilesDone.TotalSeconds:N1} s = {size / own.FilesDone.TotalSeconds:N0} articles/s; after the files (index settled, story step): {(own.Whole - own.FilesDone).TotalSeconds:N1} s; "
                + $"total {own.Whole.TotalSeconds:N1} s = {size / own.Whole.TotalSeconds:N0} articles/s");
            Console.WriteLine($"  stages (wall clock): {own.Times}");
        }
        Console.WriteLine($"  stories: {stories:N0} ({withStory:N0} articles in one), {relations:N0} relation rows");
        Console.WriteLine($"  store: {storeBytes / 1048576.0:N1} MB for {s_textBytes / 1048576.0:N1} MB of text = {(double)storeBytes / Math.Max(1, s_textBytes):N2}x the text, "
            + $"{storeBytes / 1024.0 / Math.Max(1, imported):N1} KB per article; peak working set of this process {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB");
        Console.WriteLine($"incremental run of {extra} new files into the store: files {moreFilesDone.TotalSeconds:N2} s, story step {(more.Elapsed - moreFilesDone).TotalSeconds:N2} s "
            + $"({moreRun.Count(IngestOutcome.Imported)} imported); re-run unchanged: {again.Elapsed.TotalSeconds:N2} s ({againRun.Count(IngestOutcome.Unchanged)} unchanged); "
            + $"revision of {revisedFiles.Count} stored files: {revise.Elapsed.TotalSeconds:N2} s ({revisedRun.Count(IngestOutcome.Updated)} updated; {reviser.Times})");

        await QueriesAsync(factory, path, size);
        if (Environment.GetEnvironmentVariable("BENCH_KEEP") is not null)
        {
            Console.WriteLine($"kept: {path}");
            return;
        }

        File.Delete(path);
        File.Delete(path + "-wal");
        File.Delete(path + "-shm");
    }

    private static Task<ReferenceData> PrepareAsync(IDbContextFactory<ArchiveDbContext> factory) =>
        ArchiveStartup.PrepareStoreAsync(factory, Corpus.SeedsDir);

    private sealed record InProcessRun(int Imported, string Rejected, TimeSpan FilesDone, TimeSpan Whole, string Times);

    /// <summary>
    /// The files through IngestionService in this process: into the benchmark's store with <paramref name="service"/>,
    /// or, when it is null, into a store of its own that is deleted afterwards.
    /// </summary>
    private static async Task<InProcessRun> IngestInProcessAsync(IngestionService? service, string dir, int size)
    {
        string? own = null;
        if (service is null)
        {
            own = Path.Combine(Path.GetTempPath(), $"archive-bench-inprocess-{Guid.NewGuid():N}.db");
            var factory = new PooledDbContextFactory<ArchiveDbContext>(new DbContextOptionsBuilder<ArchiveDbContext>().UseSqlite($"Data Source={own};Pooling=True").Options);
            service = new IngestionService(factory, await PrepareAsync(factory));
        }

        TimeSpan filesDone = default;
        var ingest = Stopwatch.StartNew();
        var run = await service.IngestAsync([dir], p =>
        {
            if (p.Done == p.Total)
            {
                filesDone = p.Elapsed;
            }
        });
        ingest.Stop();
        // Times accumulates over every run of one service: read it before the incremental run and the re-run add theirs.
        var times = $"{service.Times}; writer CPU {service.Times.StoreCpu.TotalMilliseconds / Math.Max(1, size):N3} ms per article";
        var rejected = run.Files.Where(f => f.Outcome == IngestOutcome.Rejected).Select(f => f.Detail).Distinct().Take(3).ToList();
        if (own is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(own + suffix);
            }
        }

        return new InProcessRun(run.Count(IngestOutcome.Imported), $"{run.Count(IngestOutcome.Rejected)} rejected{(rejected.Count > 0 ? " (" + string.Join("; ", rejected) + ")" : "")}",
            filesDone, ingest.Elapsed, times);
    }

    /// <summary>
    /// BENCH_DB=path: only the query part, against a database an earlier run kept (BENCH_KEEP=1), which has the
    /// baseline's <c>Baseline</c> table. No generation, no ingestion; the file is opened as it is (no migration).
    /// </summary>
    public static async Task QueriesOnlyAsync(string path)
    {
        var options = new DbContextOptionsBuilder<ArchiveDbContext>().UseSqlite($"Data Source={path};Pooling=True").Options;
        var factory = new PooledDbContextFactory<ArchiveDbContext>(options);
        int size;
        await using (var db = await factory.CreateDbContextAsync())
        {
            size = await db.Articles.CountAsync();
        }

        // BENCH_MIGRATE=1: start-up as the web host does it first (migrations, and a re-index when one asks for it),
        // to measure a new index definition on a store kept from an older build without ingesting again.
        if (Environment.GetEnvironmentVariable("BENCH_MIGRATE") == "1")
        {
            var started = Stopwatch.StartNew();
            await ArchiveStartup.PrepareStoreAsync(factory, Corpus.SeedsDir);
            Console.WriteLine($"start-up (migrations, re-index if asked): {started.Elapsed.TotalSeconds:F1} s");
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_REGROUP"), out var regroups))
        {
            await RegroupOnlyAsync(factory, size, regroups);
            return;
        }

        Console.WriteLine();
        Console.WriteLine($"## {size:N0} articles (queries only, {path})");
        if (Environment.GetEnvironmentVariable("BENCH_WEB") is null)
        {
            await QueriesAsync(factory, path, size);
        }
        else
        {
            SqliteConnection.ClearAllPools();
            await WebMemoryAsync(path);
        }
    }

    /// <summary>
    /// BENCH_REGROUP=n (with BENCH_DB): the cold story step alone, n times over the kept store (each a full regroup
    /// in one transaction, as a first ingest run pays), to work on the step without re-ingesting.
    /// The first run re-dates from the stored dates of the ingest run, later ones from its own refined dates: the
    /// same articles are read, inferred and compared each time.
    /// </summary>
    private static async Task RegroupOnlyAsync(IDbContextFactory<ArchiveDbContext> factory, int size, int runs)
    {
        var reference = await ArchiveStartup.PrepareStoreAsync(factory, Corpus.SeedsDir);
        Console.WriteLine();
        Console.WriteLine($"## {size:N0} articles: the story step alone, {runs} run(s)");
        for (var run = 1; run <= runs; run++)
        {
            // As an ingest run leaves the store before its story step: no stories, relations or story index, every
            // article's features not yet counted (untimed).
            await using (var clear = await factory.CreateDbContextAsync())
            {
                await clear.Database.ExecuteSqlRawAsync(
                    "DELETE FROM StoryRelations; UPDATE Articles SET StoryId = NULL; DELETE FROM Stories; DELETE FROM StoryKeys; DELETE FROM StoryPostedKeys; " +
                    "DELETE FROM StoryTerms; UPDATE ArticleStoryFeatures SET Counted = 0; PRAGMA wal_checkpoint(TRUNCATE);");
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            // As an ingest run calls it: the features are all pending, so it takes the full regroup.
            await StoryService.UpdateAsync(factory, reference);
            clock.Stop();
            await using var db = await factory.CreateDbContextAsync();
            var stories = await db.Stories.CountAsync();
            var relations = await db.ArticleRelations.CountAsync();
            var dated = await db.Articles.CountAsync(a => a.Published != null);
            Console.WriteLine($"  run {run}: {clock.Elapsed.TotalSeconds:F2} s (process CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2} s); " +
                $"{stories:N0} stories, {relations:N0} relation rows, {dated:N0} articles dated");
        }
    }

    /// <summary>
    /// BENCH_WEB=1 (with BENCH_DB): the real web process (src/ArabicNewsArchive.Web published to artifacts/web) serving
    /// the store, after a mix of page loads and API searches, then with Blazor circuits open in a real browser
    /// (<see cref="CircuitsAsync"/>); reports its peak and current resident memory from /proc.
    /// Start-up ingests nothing: Archive:SeedsPath points at a copy of seeds/ holding only reference/ (the store's
    /// reference data is already in sync), so the figure is the serving process, not a start-up regroup.
    /// </summary>
    private static async Task WebMemoryAsync(string dbPath)
    {
        // The published app, as it would be deployed: a build output run outside Development cannot serve the
        // framework's and MudBlazor's static files (they stay in the NuGet cache), so no circuit would start.
        var dll = await IngestCommandRun.WebDllAsync(Path.GetDirectoryName(Corpus.SeedsDir)!);
        var webDir = Path.GetDirectoryName(dll)!;

        var seeds = Path.Combine(Path.GetTempPath(), $"archive-bench-seeds-{Guid.NewGuid():N}");
        CopyDirectory(Path.Combine(Corpus.SeedsDir, "reference"), Path.Combine(seeds, "reference"));
        var port = 5300 + Random.Shared.Next(600);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = webDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Archive"] = $"Data Source={dbPath}";
        start.Environment["Archive__SeedsPath"] = seeds;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // As docs/performance.md says to deploy it (and launchSettings.json runs it): glibc's malloc capped at two
        // arenas. BENCH_MALLOC_ARENA_MAX= (empty) measures it without, another number another cap.
        var arenas = Environment.GetEnvironmentVariable("BENCH_MALLOC_ARENA_MAX") ?? "2";
        start.Environment.Remove("MALLOC_ARENA_MAX");
        if (arenas.Length > 0)
        {
            start.Environment["MALLOC_ARENA_MAX"] = arenas;
        }
        using var web = Process.Start(start)!;
        web.OutputDataReceived += (_, _) => { };
        web.ErrorDataReceived += (_, _) => { };
        web.BeginOutputReadLine();
        web.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
            var up = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    (await http.GetAsync("/api/topics")).EnsureSuccessStatusCode();
                    break;
                }
                catch (HttpRequestException) when (up.Elapsed < TimeSpan.FromMinutes(5) && !web.HasExited)
                {
                    await Task.Delay(500);
                }
            }

            Console.WriteLine($"web process up in {up.Elapsed.TotalSeconds:N1} s: {Rss(web.Id)}");
            var first = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/articles?pageSize=1"));
            var id = first.RootElement.GetProperty("items")[0].GetProperty("id").GetString();
            var queries = Words.Take(3).Concat(Phrases.Take(2)).Append("روسيا").Append("Putin").Append("-النفط").Select(Uri.EscapeDataString).ToList();
            var requests = 0;
            for (var round = 1; round <= 3; round++)
            {
                var urls = new List<string>();
                foreach (var q in queries)
                {
                    urls.AddRange([$"/api/articles?q={q}", $"/api/articles?q={q}&sort=date&page=3", $"/?q={q}"]);
                }

                foreach (var (slug, _, _) in Corpus.People.Take(3))
                {
                    urls.AddRange([$"/api/articles?persons={slug}&topics=security&from=2021-01-01&to=2021-12-31", $"/people/{slug}", $"/api/people/{slug}"]);
                }

                urls.AddRange(["/", "/people", "/topics", "/topics/security", "/timeline", "/compare", $"/articles/{id}", $"/api/articles/{id}"]);
                // Two at a time, as two readers would.
                foreach (var pair in urls.Chunk(2))
                {
                    await Task.WhenAll(pair.Select(u => http.GetAsync(u)));
                    requests += pair.Length;
                }

                Console.WriteLine($"web process after round {round} ({requests} requests): {Rss(web.Id)}");
            }

            await CircuitsAsync(web, port, id!, queries);
        }
        finally
        {
            web.Kill(entireProcessTree: true);
            await web.WaitForExitAsync();
            Directory.Delete(seeds, recursive: true);
        }
    }

    /// <summary>
    /// Readers in a real browser: each open page of a Blazor Server app holds a circuit (component state, render
    /// tree, a SignalR connection) in the web process for as long as it stays open. Opens BENCH_CIRCUITS pages
    /// (default 30) in Debian's Chromium, each interactive and holding a search result, a person, an article or the
    /// timeline; reports the web process's memory with all of them open, then after they close.
    /// </summary>
    private static async Task CircuitsAsync(Process web, int port, string articleId, List<string> queries)
    {
        const string chromium = "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            Console.WriteLine($"circuits: {chromium} not found (apt-get install chromium)");
            return;
        }

        var count = int.TryParse(Environment.GetEnvironmentVariable("BENCH_CIRCUITS"), out var n) ? n : 30;
        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new Microsoft.Playwright.BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        });
        var urls = queries.Select(q => $"/?q={q}")
            .Concat(Corpus.People.Take(3).Select(p => $"/people/{p.Slug}"))
            .Concat([$"/articles/{articleId}", "/timeline", "/topics/security", "/?sort=date&page=40"])
            .ToList();
        if (Environment.GetEnvironmentVariable("BENCH_CIRCUIT_URLS") is { Length: > 0 } only)
        {
            urls = [.. only.Split(',')];
        }

        var contexts = new List<Microsoft.Playwright.IBrowserContext>();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var context = await browser.NewContextAsync(new Microsoft.Playwright.BrowserNewContextOptions { BaseURL = $"http://127.0.0.1:{port}" });
            contexts.Add(context);
            var page = await context.NewPageAsync();
            await page.GotoAsync(urls[i % urls.Count]);
            // The layout marks the body once the circuit is up (as the browser journeys wait for).
            await page.WaitForFunctionAsync("() => document.body?.dataset.interactive === 'true'", null, new() { Timeout = 60_000 });
            if ((i + 1) % 10 == 0 || i + 1 == count)
            {
                Console.WriteLine($"web process with {i + 1} open Blazor circuits ({sw.Elapsed.TotalSeconds:N0} s): {Rss(web.Id)}");
            }
        }

        // BENCH_DUMP=path: the web process's managed heap at its peak, written by the runtime's own createdump (for
        // a heap statistic with ClrMD; dotnet-dump and dotnet-gcdump are not on this machine's package mirror).
        if (Environment.GetEnvironmentVariable("BENCH_DUMP") is { Length: > 0 } dumpPath)
        {
            var createdump = Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "createdump");
            using var dump = Process.Start(createdump, ["--withheap", "-f", dumpPath, web.Id.ToString(CultureInfo.InvariantCulture)]);
            await dump.WaitForExitAsync();
            Console.WriteLine($"web process dumped to {dumpPath} (exit code {dump.ExitCode})");
        }

        // BENCH_SMAPS=path: the web process's memory map at its peak (/proc/PID/smaps), to see which mappings hold it.
        if (Environment.GetEnvironmentVariable("BENCH_SMAPS") is { Length: > 0 } smapsPath)
        {
            File.Copy($"/proc/{web.Id}/smaps", smapsPath, overwrite: true);
            Console.WriteLine($"web process memory map written to {smapsPath}");
        }

        // As a reader closing the tab: the page's unload tells the server to release the circuit at once (without
        // it the circuit is kept for the disconnected-circuit retention period).
        foreach (var context in contexts)
        {
            foreach (var page in context.Pages.ToList())
            {
                await page.CloseAsync(new() { RunBeforeUnload = true });
            }

            await context.CloseAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(10));
        Console.WriteLine($"web process after the {count} pages closed: {Rss(web.Id)}");
    }

    private static string Rss(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        string Mb(string key) => status.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal)) is { } line
            ? $"{long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0:N0} MB"
            : "?";
        return $"peak RSS (VmHWM) {Mb("VmHWM")}, RSS {Mb("VmRSS")} (anon {Mb("RssAnon")}, file {Mb("RssFile")}, shmem {Mb("RssShmem")})";
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    private static async Task QueriesAsync(IDbContextFactory<ArchiveDbContext> factory, string path, int size)
    {
        long indexBytes, segments, tombstonePages;
        await using (var db = await factory.CreateDbContextAsync())
        {
            indexBytes = await db.Database.SqlQueryRaw<long>(
                "SELECT (SELECT COALESCE(SUM(LENGTH(block)), 0) FROM ArticleSearch_data) + (SELECT COUNT(*) * 16 FROM ArticleSearch_idx) + (SELECT COUNT(*) * 24 FROM SearchDocs) AS Value").SingleAsync();
            // The queries run on the index as ingestion leaves it (settled: merges finished, not optimised into one segment).
            segments = await db.Database.SqlQueryRaw<long>("SELECT COUNT(DISTINCT segid) AS Value FROM ArticleSearch_idx").SingleAsync();
            // FTS5_TOMBSTONE_ROWID: a segment's tombstone hash pages are rows from 1 << 53 up.
            tombstonePages = await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS Value FROM ArticleSearch_data WHERE id >= 1 << 53").SingleAsync();
        }

        var fileBytes = new FileInfo(path).Length;
        // Uncached figures: the hit cache (paging, facet clicks) is off, so repeating a query pays its FTS5 read again.
        // BENCH_SERIAL=1: one thread per query (no slices or parts), to compare with the parallel reads. BENCH_CACHED=1:
        // the web server's hit cache (8 queries), as a page asked again and again meets it.
        var service = new SearchService(factory, hitCacheSize: Environment.GetEnvironmentVariable("BENCH_CACHED") == "1" ? 8 : 0,
            parallelFrom: Environment.GetEnvironmentVariable("BENCH_SERIAL") is null ? SearchService.DefaultParallelFrom : int.MaxValue);
        var warm = Stopwatch.StartNew();
        await service.SearchAsync(new SearchRequest());
        warm.Stop();

        if (Environment.GetEnvironmentVariable("BENCH_PROFILE") is not null)
        {
            await using var pdb = await factory.CreateDbContextAsync();
            var text = (await pdb.Articles.AsNoTracking().FirstAsync()).SourceText;
            var t0 = Stopwatch.StartNew();
            for (var k = 0; k < 100; k++)
            {
                ArabicTokenizer.Tokenize(text);
            }

            Console.WriteLine($"profile: tokenize {text.Length} chars: {t0.Elapsed.TotalMilliseconds / 100:N3} ms");
            foreach (var w in Words)
            {
                var t1 = Stopwatch.StartNew();
                var n = (await pdb.Database.SqlQueryRaw<double>("SELECT bm25(ArticleSearch) AS Value FROM ArticleSearch WHERE ArticleSearch MATCH {0}", "\"" + ArabicTokenizer.Tokenize(w)[0].Stem + "\"").ToListAsync()).Count;
                var fts = t1.Elapsed.TotalMilliseconds;
                t1.Restart();
                await service.SearchAsync(new SearchRequest { Q = w });
                Console.WriteLine($"profile: {w}: {n} hits, fts {fts:N1} ms, search {t1.Elapsed.TotalMilliseconds:N1} ms");
            }
        }

        Console.WriteLine($"index: {indexBytes / 1048576.0:N1} MB FTS5 data in {segments} segments ({tombstonePages} tombstone pages); database file {fileBytes / 1048576.0:N1} MB; first query (snapshot load) {warm.ElapsedMilliseconds} ms");
        Console.WriteLine();
        Console.WriteLine("| query | p50 ms | p95 ms | warm p50 ms | warm p95 ms | baseline p50 ms | baseline p95 ms | speed-up (p50) |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");

        var qrng = new Random(7);
        var slugs = Corpus.People.Select(p => p.Slug).ToArray();
        var mixes = new (string Name, Func<SearchRequest> Make)[]
        {
            ("single word", () => new SearchRequest { Q = Words[qrng.Next(Words.Length)] }),
            ("phrase", () => new SearchRequest { Q = Phrases[qrng.Next(Phrases.Length)] }),
            ("person filter", () => new SearchRequest { Persons = [slugs[qrng.Next(slugs.Length)]] }),
            ("person + date range + topic", () =>
            {
                var from = new DateOnly(2020, 1, 1).AddDays(qrng.Next(1400));
                return new SearchRequest { Persons = [slugs[qrng.Next(slugs.Length)]], Topics = [Corpus.Topics[qrng.Next(Corpus.Topics.Length)]], From = from, To = from.AddDays(180) };
            }),
            ("facets, common word (روسيا)", () => new SearchRequest { Q = "روسيا" }),
            ("person name typed (Putin)", () => new SearchRequest { Q = "Putin" }),
            // The operators of issue 29: each is what a journalist steering the search types.
            ("exact form (\"word\")", () => new SearchRequest { Q = "\"" + Words[qrng.Next(Words.Length)].Trim('"') + "\"" }),
            ("exact word (=word)", () => new SearchRequest { Q = "=" + Words[qrng.Next(Words.Length)] }),
            ("proximity (\"a b\"~5)", () => new SearchRequest { Q = Phrases[qrng.Next(Phrases.Length)] + "~5" }),
            ("title field (title:word)", () => new SearchRequest { Q = "title:" + Words[qrng.Next(Words.Length)] }),
            ("mixed (title: \"..\" -word ((( person:)", () => new SearchRequest
            {
                Q = $"title:{Words[qrng.Next(Words.Length)]} {Phrases[qrng.Next(Phrases.Length)]} -{Words[qrng.Next(Words.Length)]} ((( person:{slugs[qrng.Next(slugs.Length)]}",
            }),
            // Last, so the types above draw the same requests as before it was added.
            ("prefix (2-3 letters*)", () => new SearchRequest { Q = Prefixes[qrng.Next(Prefixes.Length)] }),
        };
        // BENCH_ONLY=text: only the query types whose name contains it (to profile one type).
        if (Environment.GetEnvironmentVariable("BENCH_ONLY") is { Length: > 0 } only)
        {
            mixes = mixes.Where(m => m.Name.Contains(only, StringComparison.Ordinal)).ToArray();
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_LOOP"), out var passes) && passes > 0)
        {
            await QueryLoop.RunAsync(factory, service, path, mixes, passes);
            return;
        }

        var total50 = new List<double>();
        foreach (var (name, make) in mixes)
        {
            var ours = new List<double>();
            var cpu = new List<double>();
            // 20 untimed requests of this type first: the first requests after another type's find other pages in
            // the caches. Tiered JIT is not past its first code by then (see "warm" below). (They draw from the same
            // generator, so the timed requests differ from round 3's, from the same mix.)
            for (var i = 0; i < 20; i++)
            {
                await service.SearchAsync(make());
            }

            var allocated = GC.GetTotalAllocatedBytes();
            var collections = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
            var paused = GC.GetTotalPauseDuration();
            for (var i = 0; i < 200; i++)
            {
                var req = make();
                var c0 = ProcessCpuMs();
                var sw = Stopwatch.StartNew();
                await service.SearchAsync(req);
                ours.Add(sw.Elapsed.TotalMilliseconds);
                cpu.Add(ProcessCpuMs() - c0);
            }

            allocated = GC.GetTotalAllocatedBytes() - allocated;
            paused = GC.GetTotalPauseDuration() - paused;
            var gcs = $"{GC.CollectionCount(0) - collections[0]}/{GC.CollectionCount(1) - collections[1]}/{GC.CollectionCount(2) - collections[2]}";

            var base_ = new List<double>();
            // BENCH_NO_BASELINE=1 skips the (slow) baseline while working on the query code.
            var iterations = Environment.GetEnvironmentVariable("BENCH_NO_BASELINE") is not null ? 0 : size >= 100_000 ? 5 : 20;
            for (var i = 0; i < iterations; i++)
            {
                var req = make();
                var sw = Stopwatch.StartNew();
                await BaselineAsync(factory, req);
                base_.Add(sw.Elapsed.TotalMilliseconds);
            }

            if (Environment.GetEnvironmentVariable("BENCH_PROFILE") is not null)
            {
                Console.WriteLine($"  cpu p50 {Percentile(cpu, 50):N2} p95 {Percentile(cpu, 95):N2} ms (process CPU time: less sensitive to a busy machine than wall clock)");
                Console.WriteLine($"  allocated {allocated / 200.0 / 1024:N0} KB per query; GCs gen0/1/2 over 200 queries: {gcs}, paused {paused.TotalMilliseconds:N0} ms in all");
            }

            // "Warm": the same type again after 300 more untimed requests of it. After 20, much of the search and
            // snippet code still runs as tiered JIT's first (tier-0 and instrumented) code: with the JIT's tiering
            // off (DOTNET_TieredCompilation=0) the first 200 requests already ran as fast as these. A server that
            // has been up a while runs the optimised code; one just started runs the first columns' for a while.
            for (var i = 0; i < 300; i++)
            {
                await service.SearchAsync(make());
            }

            var warmed = new List<double>();
            for (var i = 0; i < 200; i++)
            {
                var req = make();
                var sw = Stopwatch.StartNew();
                await service.SearchAsync(req);
                warmed.Add(sw.Elapsed.TotalMilliseconds);
            }

            var p50 = Percentile(ours, 50);
            var b50 = Percentile(base_, 50);
            Console.WriteLine($"| {name} | {p50:N2} | {Percentile(ours, 95):N2} | {Percentile(warmed, 50):N2} | {Percentile(warmed, 95):N2} | {b50:N1} | {Percentile(base_, 95):N1} | {b50 / p50:N0}× |");
        }

        if (Environment.GetEnvironmentVariable("BENCH_AB") is not null)
        {
            // BENCH_AB=1: the same requests through one thread and in parallel, interleaved (alternating which goes
            // first), so a drift in the machine's load falls on both alike.
            var serial = new SearchService(factory, hitCacheSize: 0, parallelFrom: int.MaxValue);
            await serial.SearchAsync(new SearchRequest());
            Console.WriteLine();
            Console.WriteLine("| query (interleaved) | one thread p50 ms | p95 ms | parallel p50 ms | p95 ms |");
            Console.WriteLine("| --- | --- | --- | --- | --- |");
            foreach (var (name, make) in mixes)
            {
                var one = new List<double>();
                var parallel = new List<double>();
                for (var i = 0; i < 200; i++)
                {
                    var req = make();
                    for (var k = 0; k < 2; k++)
                    {
                        var useSerial = (i + k) % 2 == 0;
                        var sw = Stopwatch.StartNew();
                        await (useSerial ? serial : service).SearchAsync(req);
                        (useSerial ? one : parallel).Add(sw.Elapsed.TotalMilliseconds);
                    }
                }

                Console.WriteLine($"| {name} | {Percentile(one, 50):N2} | {Percentile(one, 95):N2} | {Percentile(parallel, 50):N2} | {Percentile(parallel, 95):N2} |");
            }
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Console.WriteLine();
        Console.WriteLine($"memory after the run: managed heap {GC.GetTotalMemory(true) / 1048576.0:N0} MB, working set {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:N0} MB");
        SqliteConnection.ClearAllPools();
    }

    /// <summary>The naive way: LIKE over normalised text for q, EXISTS for filters, GROUP BY for facets.</summary>
    private static async Task BaselineAsync(IDbContextFactory<ArchiveDbContext> factory, SearchRequest r)
    {
        await using var db = await factory.CreateDbContextAsync();
        var where = new List<string>();
        var args = new List<object>();
        if (r.Q is { } q)
        {
            var words = q.Trim('"');
            var people = Corpus.People.Where(p => p.NameEn.Contains(words, StringComparison.OrdinalIgnoreCase)).SelectMany(p => p.Spellings).ToList();
            var likes = (people.Count > 0 ? people : [words]).Select(w =>
            {
                args.Add("%" + ArabicNormalizer.Normalize(w) + "%");
                return $"b.Text LIKE {{{args.Count - 1}}}";
            });
            where.Add("(" + string.Join(" OR ", likes) + ")");
        }

        foreach (var p in r.Persons)
        {
            args.Add(p);
            where.Add($"EXISTS (SELECT 1 FROM Mentions m WHERE m.ArticleId = a.Id AND m.PersonSlug = {{{args.Count - 1}}})");
        }

        foreach (var t in r.Topics)
        {
            args.Add(t);
            where.Add($"EXISTS (SELECT 1 FROM ArticleTopics t WHERE t.ArticleId = a.Id AND t.TopicSlug = {{{args.Count - 1}}})");
        }

        if (r.From is { } from)
        {
            args.Add(from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            where.Add($"a.Published >= {{{args.Count - 1}}}");
        }

        if (r.To is { } to)
        {
            args.Add(to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            where.Add($"a.Published <= {{{args.Count - 1}}}");
        }

        var filter = where.Count == 0 ? "1" : string.Join(" AND ", where);
        var matched = $"SELECT a.Id FROM Articles a JOIN Baseline b ON b.ArticleId = a.Id WHERE {filter}";
        var argArray = args.ToArray();
        // Only the query's shape is composed here; every value is a parameter.
        var queries = new[]
        {
            "SELECT COUNT(*) AS Value FROM (" + matched + ")",
            "SELECT COUNT(DISTINCT ArticleId) AS Value FROM Mentions WHERE ArticleId IN (" + matched + ") GROUP BY PersonSlug",
            "SELECT COUNT(*) AS Value FROM ArticleTopics WHERE ArticleId IN (" + matched + ") GROUP BY TopicSlug",
            "SELECT COUNT(*) AS Value FROM Articles WHERE Id IN (" + matched + ") GROUP BY OutletSlug",
            "SELECT COUNT(*) AS Value FROM Articles WHERE Id IN (" + matched + ") GROUP BY substr(Published, 1, 7)",
        };
        var page = "SELECT Id AS Value FROM (" + matched + ") ORDER BY Id LIMIT 20";
        await db.Database.SqlQueryRaw<string>(page, argArray).ToListAsync();
        foreach (var sql in queries)
        {
            await db.Database.SqlQueryRaw<int>(sql, argArray).ToListAsync();
        }
    }

    /// <summary>
    /// Per-stage cost over a sample of the files, outside the store: parse (decode, clean), analyse, index terms
    /// (SearchIndex.Terms, as ingestion calls it); time and bytes allocated per article, of
    /// the second pass (the first warms the JIT). BENCH_PROFILE_PASSES repeats the timed pass to show the noise.
    /// </summary>
    private static void ProfileStages(string dir, ReferenceData reference)
    {
        var sample = int.TryParse(Environment.GetEnvironmentVariable("BENCH_PROFILE_FILES"), out var count) ? count : 2000;
        var files = Directory.GetFiles(dir).Order(StringComparer.Ordinal).Take(sample).ToList();
        var analyzer = new ArticleAnalyzer(reference);
        var passes = 1 + (int.TryParse(Environment.GetEnvironmentVariable("BENCH_PROFILE_PASSES"), out var n) ? Math.Max(1, n) : 1);
        for (var pass = 0; pass < passes; pass++)
        {
            // Wall clock and the thread's own CPU time (which a busy machine disturbs less), and bytes allocated.
            var wall = new double[3];
            var cpu = new double[3];
            var bytes = new long[3];
            var chars = 0L;
            // The untimed first pass hashes every output, so two builds can be shown to give the same bytes.
            using var digest = pass == 0 ? System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256) : null;
            foreach (var f in files)
            {
                var content = File.ReadAllBytes(f);
                ParsedFile? parsed = null;
                Measure(0, () => parsed = ArticleParser.Parse(Path.GetFileName(f), content, reference.OutletCatalog));
                if (parsed!.Article is not { } article)
                {
                    continue;
                }

                chars += article.SourceText.Length;
                ArticleFacts? facts = null;
                SearchIndex.IndexTerms? terms = null;
                Measure(1, () => facts = analyzer.Analyze(article));
                Measure(2, () => terms = SearchIndex.Terms(article));
                digest?.AppendData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { parsed, facts, terms }));
            }

            if (digest is not null)
            {
                Console.WriteLine($"profile digest (parsed files, facts, index terms): {Convert.ToHexString(digest.GetHashAndReset())[..16]}");
            }

            // The first pass is what ingestion pays (the tagger's word cache filling, each text new); later passes
            // measure the code with warm caches.
            string Stage(int s) => $"{wall[s] / files.Count:N3} ms (CPU {cpu[s] / files.Count:N3}, {bytes[s] / 1024.0 / files.Count:N1} KB)";
            Console.WriteLine($"profile{(pass == 0 ? " first pass" : "")} (per article, {files.Count} files, ~{chars / files.Count} chars): parse {Stage(0)}, analyse {Stage(1)}, index terms {Stage(2)}");

            void Measure(int stage, Action action)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var cpu0 = ThreadCpuMs();
                var t0 = Stopwatch.GetTimestamp();
                action();
                wall[stage] += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                cpu[stage] += ThreadCpuMs() - cpu0;
                bytes[stage] += GC.GetAllocatedBytesForCurrentThread() - allocated;
            }
        }
    }

    /// <summary>The calling thread's CPU time in ms (CLOCK_THREAD_CPUTIME_ID; Linux).</summary>
    private static double ThreadCpuMs() => ClockGetTime(3, out var ts) == 0 ? ts.Seconds * 1e3 + ts.Nanoseconds / 1e6 : 0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>CPU time of the whole process (all threads), in ms (getrusage on Linux: microseconds).</summary>
    private static double ProcessCpuMs() => Environment.CpuUsage.TotalTime.TotalMilliseconds;

    private static double Percentile(List<double> values, int p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    private static readonly string[] s_outlets = ["alwaght", "asharq", "almayadeen"];

    /// <summary>
    /// One synthetic article file: seed sentences in paragraphs with the people re-spelled. Three in five are
    /// Markdown with front matter (outlet, date stated); the rest plain text whose outlet and date the pipeline
    /// infers (an outlet dateline on some, dates from the sentences). One in 5,000 is empty (rejected).
    /// </summary>
    private static (string Name, string Content) Generate(int i, int size, Corpus corpus, Random rng)
    {
        var id = $"syn_{i:D7}";
        var sentences = Enumerable.Range(0, rng.Next(8, 15)).Select(_ => corpus.Sentences[rng.Next(corpus.Sentences.Count)]).ToList();
        // Re-spell the people: each sentence naming someone gets one of their spellings at random.
        for (var s = 0; s < sentences.Count; s++)
        {
            foreach (var (_, _, spellings) in Corpus.People)
            {
                foreach (var spelling in spellings)
                {
                    if (sentences[s].Contains(spelling, StringComparison.Ordinal))
                    {
                        sentences[s] = sentences[s].Replace(spelling, spellings[rng.Next(spellings.Length)], StringComparison.Ordinal);
                        break;
                    }
                }
            }
        }

        if (rng.Next(3) == 0)
        {
            var p = Corpus.People[rng.Next(Corpus.People.Length)];
            sentences.Insert(rng.Next(sentences.Count), $"وقال {p.Spellings[rng.Next(p.Spellings.Length)]} إن المحادثات كانت بناءة");
        }

        // Stories: without them every article is a random draw from the same 91 sentences, which the story step
        // (rightly) finds all alike. Each article reports one of size/4 events: the event's own made-up place and
        // names (words no other event uses) go into two sentences, and its articles share its date (±2 days).
        var ev = rng.Next(Math.Max(1, size / 4));
        var evRng = new Random(ev);
        var evWords = Enumerable.Range(0, 4).Select(_ => EventWord(evRng)).ToArray();
        sentences.Insert(1 + rng.Next(sentences.Count - 1), $"وعقد الاجتماع في {evWords[0]} بحضور {evWords[1]} و{evWords[2]}");
        sentences.Add($"وتناولت محادثات {evWords[0]} ملف {evWords[3]} و{evWords[1]}");
        var evDay = new DateOnly(2020, 1, 1).AddDays(evRng.Next(365 * 4));

        if (i % 5000 == 4999)
        {
            return (id + ".txt", "");
        }

        var title = sentences[0].Length > 90 ? sentences[0][..90] : sentences[0];
        var body = new System.Text.StringBuilder();
        for (var s = 1; s < sentences.Count; s += 2)
        {
            body.Append(string.Join(". ", sentences.Skip(s).Take(2))).Append(".\n\n");
        }

        var day = evDay.AddDays(rng.Next(-2, 3));
        if (rng.Next(5) < 3)
        {
            var md = $"---\ntitle: \"{title.Replace("\"", "", StringComparison.Ordinal)}\"\noutlet: {s_outlets[rng.Next(s_outlets.Length)]}\n"
                + $"published: {day:yyyy-MM-dd}\n---\n\n{body}";
            return (id + ".md", md);
        }

        var dateline = rng.Next(2) == 0 ? s_datelines[rng.Next(s_datelines.Length)] : "";
        return (id + ".txt", $"{title}\n\n{dateline}{body}");
    }

    private static string EventWord(Random rng)
    {
        const string letters = "بتثجحخدذرزسشصضطظعغفقكلمنهوي";
        return string.Concat(Enumerable.Range(0, rng.Next(5, 8)).Select(_ => letters[rng.Next(letters.Length)]));
    }

    private static readonly string[] s_datelines = ["الوقت- ", "دبي- الشرق\n\n", "موسكو - الميادين\n\n"];
}

