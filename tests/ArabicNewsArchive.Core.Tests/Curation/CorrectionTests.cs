using ArabicNewsArchive.Articles;
using ArabicNewsArchive.Curation;
using ArabicNewsArchive.Ingestion;
using ArabicNewsArchive.People;
using ArabicNewsArchive.Search;
using ArabicNewsArchive.Stories;
using ArabicNewsArchive.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace ArabicNewsArchive.Tests.Curation;

/// <summary>Corrections over real SQLite: applied, kept through re-analysis and re-ingestion, undone.</summary>
public sealed class CorrectionTests : IDisposable
{
    // Made-up text: two articles naming one curated person each, a date phrase, a topic-free body.
    private const string PutinText = "بوتين يستقبل ضيوفه في الكرملين\n\nاستقبل الرئيس الروسي فلاديمير بوتين يوم الأربعاء وفدا من رجال الأعمال في موسكو.\n\nوقال فلاديمير بوتين إن التعاون الاقتصادي يتوسع.\n";
    private const string LavrovText = "لافروف يتحدث عن العلاقات\n\nقال وزير الخارجية الروسي سيرغي لافروف في مؤتمر صحفي إن المحادثات كانت مثمرة.\n\nوأضاف سيرغي لافروف أن اللقاء القادم سيعقد في بكين.\n";

    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    private CurationService Curation() => new(_store.Contexts, () => _store.Reference);

    private async Task<(string Putin, string Lavrov)> IngestTwoAsync()
    {
        var run = await _store.Service().IngestAsync([_store.Write("putin_1.txt", PutinText), _store.Write("lavrov_1.txt", LavrovText)]);
        Assert.All(run.Files, f => Assert.Equal(IngestOutcome.Imported, f.Outcome));
        return ("putin_1", "lavrov_1");
    }

    private async Task<Dictionary<string, int>> PersonFacetAsync()
    {
        var search = new SearchService(_store.Contexts);
        var response = await search.SearchAsync(new SearchRequest { PageSize = 10 });
        return response.Facets.Persons.ToDictionary(f => f.Slug, f => f.Count);
    }

    private async Task<List<string>> MentionedAsync(string id)
    {
        await using var db = _store.Db();
        return await db.Mentions.Where(m => m.ArticleId == id).Select(m => m.PersonSlug).Distinct().OrderBy(s => s).ToListAsync();
    }

    /// <summary>Makes the next start re-analyse every article, as an analysis version bump or a reference edit does.</summary>
    private async Task RestartWithReanalysisAsync()
    {
        await using (var db = _store.Db())
        {
            await db.Set<ArchiveSetting>().Where(s => s.Key == ArchiveSetting.ReferenceHashKey).ExecuteDeleteAsync();
        }

        await ArchiveStartup.PrepareStoreAsync(_store.Contexts, Seeds.Folder);
    }

    [Fact]
    public async Task Merge_MovesMentionsSumsFacetAndSurvivesRestartWithReanalysis()
    {
        var (putin, lavrov) = await IngestTwoAsync();
        Assert.Equal(["sergey-lavrov"], await MentionedAsync(lavrov));
        var before = await PersonFacetAsync();
        Assert.Equal(1, before["vladimir-putin"]);
        Assert.Equal(1, before["sergey-lavrov"]);

        var result = await Curation().MergePersonAsync("sergey-lavrov", "vladimir-putin", "cur", "test merge");
        Assert.Equal(CurationOutcome.Done, result.Outcome);

        var after = await PersonFacetAsync();
        Assert.Equal(2, after["vladimir-putin"]);
        Assert.False(after.ContainsKey("sergey-lavrov"));
        Assert.Equal("vladimir-putin", await Curation().RedirectOfAsync("sergey-lavrov"));
        await using (var db = _store.Db())
        {
            Assert.Contains("سيرغي لافروف", await db.PersonAliases.Where(a => a.PersonSlug == "vladimir-putin").Select(a => a.Text).ToListAsync());
        }

        // The reference sync brings the curated person back; the replay merges it again, and the analysis redirects.
        await RestartWithReanalysisAsync();
        Assert.Equal(["vladimir-putin"], await MentionedAsync(lavrov));
        Assert.Equal(2, (await PersonFacetAsync())["vladimir-putin"]);
        await using (var db = _store.Db())
        {
            Assert.False(await db.People.AnyAsync(p => p.Slug == "sergey-lavrov"));
        }

        var history = await Curation().HistoryAsync(1, 20);
        var entry = Assert.Single(history);
        Assert.Equal((CorrectionActions.MergePerson, "sergey-lavrov", "cur", "test merge"), (entry.Action, entry.Target, entry.Who, entry.Note));

        var undo = await Curation().UndoAsync(entry.Id, "admin", null);
        Assert.Equal(CurationOutcome.Done, undo.Outcome);
        Assert.Equal(["sergey-lavrov"], await MentionedAsync(lavrov));
        Assert.Equal(["vladimir-putin"], await MentionedAsync(putin));
        Assert.Null(await Curation().RedirectOfAsync("sergey-lavrov"));
        var restored = await PersonFacetAsync();
        Assert.Equal((1, 1), (restored["vladimir-putin"], restored["sergey-lavrov"]));
    }

    [Fact]
    public async Task RejectPerson_GoneFromFacetAndListsAndStaysGoneAfterReanalysis()
    {
        var (_, lavrov) = await IngestTwoAsync();
        var result = await Curation().RejectPersonAsync("sergey-lavrov", "cur", "not wanted");
        Assert.Equal(CurationOutcome.Done, result.Outcome);

        Assert.Empty(await MentionedAsync(lavrov));
        Assert.False((await PersonFacetAsync()).ContainsKey("sergey-lavrov"));
        var search = new SearchService(_store.Contexts);
        Assert.DoesNotContain((await search.GetPeopleAsync()), p => p.Slug == "sergey-lavrov");
        Assert.Null(await search.GetPersonAsync("sergey-lavrov"));

        await RestartWithReanalysisAsync();
        Assert.Empty(await MentionedAsync(lavrov));
        await using (var db = _store.Db())
        {
            Assert.Equal(PersonStatus.Rejected, (await db.People.SingleAsync(p => p.Slug == "sergey-lavrov")).Status);
        }

        await Curation().UndoAsync(result.Correction!.Id, "admin", null);
        Assert.Equal(["sergey-lavrov"], await MentionedAsync(lavrov));
        Assert.Equal(1, (await PersonFacetAsync())["sergey-lavrov"]);
    }

    [Fact]
    public async Task SetDate_SurvivesReanalysisAndReingestAndUndoRestoresInference()
    {
        await IngestTwoAsync();
        DateOnly? inferred;
        await using (var db = _store.Db())
        {
            inferred = (await db.Articles.SingleAsync(a => a.Id == "putin_1")).Published;
        }

        var result = await Curation().SetDateAsync("putin_1", new DateOnly(2021, 3, 1), new DateOnly(2021, 3, 5), "cur", "from the print edition");
        Assert.Equal(CurationOutcome.Done, result.Outcome);

        async Task AssertCuratedAsync()
        {
            await using var db = _store.Db();
            var a = await db.Articles.SingleAsync(x => x.Id == "putin_1");
            Assert.Equal((new DateOnly(2021, 3, 1), new DateOnly(2021, 3, 5), DatePrecision.Days, FactSource.Stated), (a.Published, a.PublishedTo, a.DatePrecision, a.DateSource));
        }

        await AssertCuratedAsync();
        await RestartWithReanalysisAsync();
        await AssertCuratedAsync();

        // The same article again with other bytes: an update, which re-analyses it from the new text.
        var run = await _store.Service().IngestAsync([_store.Write("putin_1.txt", PutinText + "\nوتابع الحديث عن الطاقة.\n")]);
        Assert.Equal(IngestOutcome.Updated, Assert.Single(run.Files).Outcome);
        await AssertCuratedAsync();

        await Curation().UndoAsync(result.Correction!.Id, "admin", "wrong edition");
        await using (var db = _store.Db())
        {
            var a = await db.Articles.SingleAsync(x => x.Id == "putin_1");
            Assert.Equal(inferred, a.Published);
            Assert.NotEqual(FactSource.Stated, a.DateSource);
        }

        var history = await Curation().HistoryOfAsync("article", "putin_1");
        Assert.Equal([CorrectionActions.Undo, CorrectionActions.SetDate], history.Select(h => h.Action));
        Assert.True(history[1].Undone);
    }

    [Fact]
    public async Task RejectAndAddMention_SurviveReanalysisAndUndo()
    {
        await IngestTwoAsync();
        Mention first;
        await using (var db = _store.Db())
        {
            first = await db.Mentions.Where(m => m.ArticleId == "putin_1").OrderBy(m => m.Start).FirstAsync();
        }

        var rejected = await Curation().RejectMentionAsync("putin_1", first.Start, first.End, "cur", "wrong match");
        Assert.Equal(CurationOutcome.Done, rejected.Outcome);
        var start = LavrovText.IndexOf("وزير الخارجية", StringComparison.Ordinal);
        var added = await Curation().AddMentionAsync("lavrov_1", start, start + "وزير الخارجية".Length + 1, "sergey-lavrov", "cur", null);
        Assert.Equal(CurationOutcome.Done, added.Outcome);

        async Task<List<(int, int)>> SpansAsync(string id)
        {
            await using var db = _store.Db();
            return [.. (await db.Mentions.Where(m => m.ArticleId == id).Select(m => new { m.Start, m.End }).ToListAsync()).Select(m => (m.Start, m.End))];
        }

        Assert.DoesNotContain((first.Start, first.End), await SpansAsync("putin_1"));
        Assert.Contains((start, start + "وزير الخارجية".Length), await SpansAsync("lavrov_1"));

        await RestartWithReanalysisAsync();
        Assert.DoesNotContain((first.Start, first.End), await SpansAsync("putin_1"));
        Assert.Contains((start, start + "وزير الخارجية".Length), await SpansAsync("lavrov_1"));

        await Curation().UndoAsync(rejected.Correction!.Id, "admin", null);
        await Curation().UndoAsync(added.Correction!.Id, "admin", null);
        Assert.Contains((first.Start, first.End), await SpansAsync("putin_1"));
        Assert.DoesNotContain((start, start + "وزير الخارجية".Length), await SpansAsync("lavrov_1"));
    }

    [Fact]
    public async Task Topics_TitleAndOutlet_ShowInFacetsAndSurviveReingest()
    {
        await IngestTwoAsync();
        var search = new SearchService(_store.Contexts);
        var topic = (await search.GetTopicsAsync()).First(t => t.Slug == "ukraine-war").Slug;
        Assert.Equal(CurationOutcome.Done, (await Curation().AddTopicAsync("putin_1", topic, "cur", null)).Outcome);
        Assert.Equal(CurationOutcome.Done, (await Curation().SetTitleAsync("putin_1", "عنوان صححه محرر", "cur", null)).Outcome);
        var outlet = (await search.SearchAsync(new SearchRequest())).Facets.Outlets.FirstOrDefault()?.Slug;
        await using (var db = _store.Db())
        {
            outlet = await db.Outlets.OrderBy(o => o.Slug).Select(o => o.Slug).FirstAsync();
        }

        Assert.Equal(CurationOutcome.Done, (await Curation().SetOutletAsync("putin_1", outlet, "cur", null)).Outcome);

        async Task AssertCorrectedAsync()
        {
            var response = await new SearchService(_store.Contexts).SearchAsync(new SearchRequest { Topics = [topic] });
            Assert.Equal("putin_1", Assert.Single(response.Items).Id);
            Assert.Contains(response.Facets.Topics, f => f.Slug == topic && f.Count == 1);
            var byTitle = await new SearchService(_store.Contexts).SearchAsync(new SearchRequest { Q = "محرر" });
            Assert.Equal("putin_1", Assert.Single(byTitle.Items).Id);
            await using var db = _store.Db();
            var a = await db.Articles.SingleAsync(x => x.Id == "putin_1");
            Assert.Equal(("عنوان صححه محرر", outlet), (a.Title, a.OutletSlug));
        }

        await AssertCorrectedAsync();
        var run = await _store.Service().IngestAsync([_store.Write("putin_1.txt", PutinText + "\nوتابع الحديث.\n")]);
        Assert.Equal(IngestOutcome.Updated, Assert.Single(run.Files).Outcome);
        await AssertCorrectedAsync();

        Assert.Equal(CurationOutcome.Done, (await Curation().RemoveTopicAsync("putin_1", topic, "cur", null)).Outcome);
        Assert.Empty((await new SearchService(_store.Contexts).SearchAsync(new SearchRequest { Topics = [topic] })).Items);
    }

    [Fact]
    public async Task PersonEdits_ConfirmRenameAliasRole_SurviveTheReferenceSync()
    {
        await IngestTwoAsync();
        var c = Curation();
        Assert.Equal(CurationOutcome.Done, (await c.RenamePersonAsync("sergey-lavrov", "سيرجي لافروف", "Sergei Lavrov", "cur", null)).Outcome);
        Assert.Equal(CurationOutcome.Done, (await c.AddAliasAsync("sergey-lavrov", "لافروفُ الدبلوماسي", "cur", null)).Outcome);
        Assert.Equal(CurationOutcome.Done, (await c.SetRoleAsync("sergey-lavrov", "Foreign Minister", "وزير الخارجية", "cur", null)).Outcome);
        Assert.Equal(CurationOutcome.Invalid, (await c.ConfirmPersonAsync("sergey-lavrov", "cur", null)).Outcome);
        Assert.Equal(CurationOutcome.NotFound, (await c.ConfirmPersonAsync("nobody-at-all", "cur", null)).Outcome);
        Assert.Equal("text", (await c.AddAliasAsync("sergey-lavrov", "  ", "cur", null)).Field);

        await RestartWithReanalysisAsync();
        await using var db = _store.Db();
        var p = await db.People.Include(x => x.Aliases).SingleAsync(x => x.Slug == "sergey-lavrov");
        Assert.Equal(("سيرجي لافروف", "Sergei Lavrov", "Foreign Minister", "وزير الخارجية"), (p.NameAr, p.NameEn, p.Role, p.RoleAr));
        Assert.Contains(p.Aliases, a => a.Text == "لافروفُ الدبلوماسي" && a.Origin == "curator");
    }

    [Fact]
    public async Task RenameOfADiscoveredPerson_SurvivesABetterKnownSpellingAndReanalysis()
    {
        // The first article spells Zuckerberg as nobody else does. A later article's spelling is one the name lexicon
        // knows better, which alone would make ingestion show the person under it: a curator's name wins over that.
        const string said = "\n\nوقال مؤسس فيسبوك {0} إن الشركة ستتعاون مع المحققين.\n";
        await _store.Service().IngestAsync([_store.Write("z_1.txt", Seeds.Text("000") + string.Format(said, "مارك زكربيرغ"))]);
        string slug;
        await using (var db = _store.Db())
        {
            slug = Assert.Single(await db.Mentions.Where(m => m.Text.Contains("مارك")).Select(m => m.PersonSlug).Distinct().ToListAsync());
        }

        (string, string, bool) guessed;
        await using (var db = _store.Db())
        {
            var p = await db.People.SingleAsync(x => x.Slug == slug);
            guessed = (p.NameAr, p.NameEn, p.NameEnTransliterated);
        }

        Assert.True(guessed.Item3);
        var rename = await Curation().RenamePersonAsync(slug, "مارك زكربيرغ", "Mark Elliot Zuckerberg", "cur", null);
        Assert.Equal(CurationOutcome.Done, rename.Outcome);
        await _store.Service().IngestAsync([_store.Write("z_2.txt", Seeds.Text("002") + string.Format(said, "مارك زوكربيرغ"))]);
        await using (var db = _store.Db())
        {
            var p = await db.People.SingleAsync(x => x.Slug == slug);
            Assert.Equal(("مارك زكربيرغ", "Mark Elliot Zuckerberg", false), (p.NameAr, p.NameEn, p.NameEnTransliterated));
            Assert.Single(await db.Mentions.Where(m => m.Text.Contains("مارك")).Select(m => m.PersonSlug).Distinct().ToListAsync());
        }

        await RestartWithReanalysisAsync();
        await using (var db = _store.Db())
        {
            var p = await db.People.SingleAsync(x => x.Slug == slug);
            Assert.Equal(("مارك زكربيرغ", "Mark Elliot Zuckerberg"), (p.NameAr, p.NameEn));
        }

        // Undone, the name is the guess it was, marked as one.
        Assert.Equal(CurationOutcome.Done, (await Curation().UndoAsync(rename.Correction!.Id, "admin", null)).Outcome);
        await using (var db = _store.Db())
        {
            var p = await db.People.SingleAsync(x => x.Slug == slug);
            Assert.Equal(guessed, (p.NameAr, p.NameEn, p.NameEnTransliterated));
        }
    }

    [Fact]
    public async Task Reanalysis_RespellsTheArchivesOwnEnglishNamesButNotACuratorsName()
    {
        // Two people named in English by the archive's own spelling; a curator names one of them. An older spelling
        // (as before the reference data changed) stands in the store with its Latin spellings.
        const string text = "\n\nوقال مؤسس فيسبوك مارك زكربيرغ إن الشركة ستتعاون، وقال المحلل جيمس هوميلزي إن ذلك متوقع.\n";
        await _store.Service().IngestAsync([_store.Write("z_1.txt", Seeds.Text("000") + text)]);
        string mark, james;
        await using (var db = _store.Db())
        {
            var people = await db.People.Where(p => p.NameEnTransliterated).ToListAsync();
            mark = people.Single(p => p.NameAr.Contains("مارك", StringComparison.Ordinal)).Slug;
            james = people.Single(p => p.NameAr.Contains("جيمس", StringComparison.Ordinal)).Slug;
            foreach (var p in people)
            {
                p.NameEn = "Old Guess";
                db.PersonAliases.Add(ArabicNewsArchive.People.PeopleCatalog.CreateAlias(p.Slug, "Old Guess", "transliterated"));
                db.PersonAliases.Add(ArabicNewsArchive.People.PeopleCatalog.CreateAlias(p.Slug, "Guess", "transliterated"));
            }

            await db.SaveChangesAsync();
        }

        Assert.Equal(CurationOutcome.Done, (await Curation().RenamePersonAsync(james, null, "Old Guess Kept", "cur", null)).Outcome);
        await RestartWithReanalysisAsync();

        await using (var db = _store.Db())
        {
            var p = await db.People.Include(x => x.Aliases).SingleAsync(x => x.Slug == mark);
            var expected = _store.Reference.Names.EnglishName(p.NameAr);
            Assert.True(expected.Transliterated);
            Assert.Equal((expected.Name, true), (p.NameEn, p.NameEnTransliterated));
            Assert.DoesNotContain(p.Aliases, a => a.Text is "Old Guess" or "Guess");
            Assert.Contains(p.Aliases, a => a.Text == expected.Name && a.Origin == "transliterated");
            Assert.Equal("Old Guess Kept", (await db.People.SingleAsync(x => x.Slug == james)).NameEn);
        }
    }

    [Fact]
    public async Task Stories_JoinAndSplit_SurviveRegrouping()
    {
        await IngestTwoAsync();
        var c = Curation();
        Assert.Equal(CurationOutcome.Done, (await c.JoinStoriesAsync("putin_1", "lavrov_1", "cur", null)).Outcome);

        async Task<(int?, int?)> StoriesAsync()
        {
            await using var db = _store.Db();
            var s = await db.Articles.ToDictionaryAsync(a => a.Id, a => a.StoryId);
            return (s["putin_1"], s["lavrov_1"]);
        }

        var (a, b) = await StoriesAsync();
        Assert.NotNull(a);
        Assert.Equal(a, b);
        await RestartWithReanalysisAsync();
        (a, b) = await StoriesAsync();
        Assert.NotNull(a);
        Assert.Equal(a, b);

        var split = await c.SplitStoryAsync("lavrov_1", "cur", null);
        Assert.Equal(CurationOutcome.Done, split.Outcome);
        (a, b) = await StoriesAsync();
        Assert.Null(b);
        await c.UndoAsync(split.Correction!.Id, "admin", null);
        (a, b) = await StoriesAsync();
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task Stories_JoinMarksTheirRelationsSameStory_BothWays()
    {
        await IngestTwoAsync();
        await using (var db = _store.Db())
        {
            // A relation between the two, as the story step stores a merely similar pair (the view writes the table).
            await db.Database.ExecuteSqlRawAsync(
                "INSERT OR REPLACE INTO ArticleRelations (ArticleId, RelatedId, Score, SameStory) VALUES ('putin_1', 'lavrov_1', 0.25, 0), ('lavrov_1', 'putin_1', 0.25, 0)");
        }

        Assert.Equal(CurationOutcome.Done, (await Curation().JoinStoriesAsync("putin_1", "lavrov_1", "cur", null)).Outcome);

        await using (var db = _store.Db())
        {
            var rows = await db.ArticleRelations.AsNoTracking().Where(r => r.ArticleId == "putin_1" || r.ArticleId == "lavrov_1").ToListAsync();
            Assert.Equal(2, rows.Count(r => r.RelatedId is "putin_1" or "lavrov_1"));
            Assert.All(rows.Where(r => r.RelatedId is "putin_1" or "lavrov_1"), r => Assert.True(r.SameStory));
        }
    }

    [Fact]
    public async Task Stories_JoinSurvivesAStoryStepFinishedAfterAKill()
    {
        await IngestTwoAsync();
        Assert.Equal(CurationOutcome.Done, (await Curation().JoinStoriesAsync("putin_1", "lavrov_1", "cur", null)).Outcome);
        // A revision makes putin_1 pending; the step that would regroup around it is killed before its commit.
        var revised = _store.Write("putin_1.txt", PutinText + "\nوأكد فلاديمير بوتين أن الزيارة كانت ناجحة.\n");
        var killed = new IngestionService(_store.Contexts, _store.Reference) { StoryStepFault = () => throw new InvalidOperationException("killed") };
        await Assert.ThrowsAsync<InvalidOperationException>(() => killed.IngestAsync([revised]));

        // The next run finds nothing new but finishes the step first, and the curator's join is laid over it again.
        var rerun = await _store.Service().IngestAsync([revised]);

        Assert.Equal(IngestOutcome.Unchanged, Assert.Single(rerun.Files).Outcome);
        await using var db = _store.Db();
        var stories = await db.Articles.ToDictionaryAsync(a => a.Id, a => a.StoryId);
        Assert.NotNull(stories["putin_1"]);
        Assert.Equal(stories["putin_1"], stories["lavrov_1"]);
        Assert.Equal(0, await db.Set<ArticleStoryFeatures>().CountAsync(f => !f.Counted));
    }
}
