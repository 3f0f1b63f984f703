using ArabicNewsArchive.Analysis;
using ArabicNewsArchive.Outlets;
using ArabicNewsArchive.Text;

namespace ArabicNewsArchive.People;

/// <summary>A stretch of tokens a tagger reads as a person's name, with its confidence (0..1).</summary>
/// <param name="FirstToken">Index of the first token (into <see cref="ArabicTokenizer"/>'s tokens of the text).</param>
/// <param name="LastToken">Index of the last token, inclusive.</param>
public sealed record NameSpan(int FirstToken, int LastToken, double Confidence);

/// <summary>
/// Turns the name spans a tagger finds into people: spans over a curated person's mention are that person; the
/// rest are cleaned (titles, function words and a name's attached particle are not the name), grouped within the
/// article (a full name and its later surname, alone or after a title, are one person) and keyed for identity
/// across articles (<see cref="NameKey.Identity"/>). Pure; thread-safe.
/// </summary>
public sealed class PersonLinker(NameLexicon lexicon, PlaceGazetteer? places = null, IReadOnlySet<string>? listedFirstNames = null, OutletCatalog? outlets = null)
{
    /// <summary>A span below this confidence must hold a known name word (<see cref="NameLexicon"/>) to count.</summary>
    public const double LexiconFreeConfidence = 0.8;

    /// <summary>A one-word name that no longer name of the article explains needs this confidence (كيم، إليسا).</summary>
    public const double SingleWordConfidence = 0.9;

    /// <summary>The longest name kept, in words: longer spans are phrases the tagger ran on into.</summary>
    public const int MaxNameWords = 6;

    // Words that name an office or an honorific, never a person: a span is trimmed of them at either end
    // ("وسمو ولي العهد" has no name left, "الرئيس باراك أوباما" keeps باراك أوباما). Normalised, without particles.
    private static readonly HashSet<string> s_titleWords = new(StringComparer.Ordinal)
    {
        "رءيس", "الرءيس", "رءيسه", "الرءيسه", "وزير", "الوزير", "وزيره", "الوزيره", "ملك", "الملك", "ملكه", "الملكه",
        "امير", "الامير", "اميره", "الاميره", "ولي", "العهد", "عهد", "شيخ", "الشيخ", "الشيخه", "سيد", "السيد", "السيده",
        "دكتور", "الدكتور", "الدكتوره", "د", "مستشار", "المستشار", "المستشاره", "نايب", "ناءب", "النايب", "الناءب", "ناطق",
        "الناطق", "متحدث", "المتحدث", "المتحدثه", "سفير", "السفير", "السفيره", "مدير", "المدير", "المديره", "عام", "العام",
        "امين", "الامين", "سمو", "صاحب", "السمو", "جلاله", "فخامه", "معالي", "سعاده", "خادم", "الحرمين", "الشريفين",
        "قايد", "القايد", "قاءد", "القاءد", "الجنرال", "جنرال", "اللواء", "لواء", "العميد", "عميد", "العقيد", "عقيد",
        "الفريق", "المشير", "مشير", "الاستاذ", "استاذ", "الرفيق", "رفيق", "المهندس", "مهندس", "عضو", "العضو", "الزعيم", "زعيم", "البابا",
        "الامام", "امام", "المفتي", "مفتي", "القاضي", "قاضي", "حاكم", "الحاكم", "محافظ", "المحافظ", "منطقه", "المنطقه",
        "مساعد", "المساعد", "سكرتير", "السكرتير", "مبعوث", "المبعوث", "المندوب", "مندوب", "الملكي", "الملكيه", "الحكومه",
        "حكومه", "الوزراء", "وزاره", "الخارجيه", "الداخليه", "الدفاع", "المالية", "المالي", "نظيره", "نظيرته", "الرءاسه",
        "رءاسه", "مجلس", "المجلس", "الجمهوريه", "جمهوريه", "المملكه", "مملكه", "الدوله", "دوله", "رجل", "الاعمال",
        "النجم", "النجمه", "الفنان", "الفنانه", "اللاعب", "لاعب", "المدرب", "مدرب", "الكاتب", "الصحفي", "الشاعر",
        "المخرج", "الممثل", "الممثله", "المغني", "المغنيه", "الداعيه", "الناشط", "الناشطه", "المعارض", "الباحث",
        "الركن", "ركن", "المقدم", "الملازم", "ملازم", "النقيب", "الرقيب", "العريف", "الاميرال", "الادميرال",
        "كولونيل", "الكولونيل", "زوجه", "زوجته", "خطيبه", "خطيبته", "صديقه", "صديقته", "صديقتا", "شقيق", "شقيقه",
        "شقيقته", "نجل", "نجله",
    };

    // Words that are never part of a name (prepositions, conjunctions, pronouns, speech verbs).
    private static readonly HashSet<string> s_functionWords = new(StringComparer.Ordinal)
    {
        "في", "من", "علي", "الي", "عن", "مع", "ان", "انه", "انها", "بان", "ما", "لا", "لم", "لن", "قد", "كان", "كانت",
        "هو", "هي", "هم", "هذا", "هذه", "ذلك", "تلك", "الذي", "التي", "الذين", "او", "ثم", "بعد", "قبل", "خلال", "عند",
        "حول", "بين", "ضد", "عبر", "امس", "اليوم", "يوم", "منذ", "حيث", "كما", "ايضا", "كل", "بعض", "غير", "اي", "لدي",
        "قال", "قالت", "اكد", "اكدت", "صرح", "اضاف", "شدد", "اشار", "اعلن", "تابع", "يقول", "تقول", "وفق", "وفقا", "حسب",
        "لكن", "لقد", "اذا", "اذ", "حتي", "الا", "سوف", "له", "لها", "به", "بها", "فيه", "فيها", "عليه", "عليها", "منه",
        "و", "ف", "ب", "ل", "ك", "يا", "ايها", "بل", "ام", "لان", "نحو", "دون", "امام", "خلف", "فوق", "تحت", "لدى",
        "انا", "نحن", "انت", "انتم", "انتما", "هما", "هن", "انني", "اننا", "انك", "احد", "احدي", "المعروف", "الملقب",
    };

    // The Latin alphabet's letters as Arabic writes them out: a span of nothing else is an acronym (بي بي سي، سي إن إن،
    // إف بي آي), never a person. Normalised at load (آي → اي, بى → بي).
    private static readonly HashSet<string> s_letterNames = new(
        new[]
        {
            "إيه", "أيه", "إي", "بي", "سي", "دي", "إف", "أف", "جي", "إتش", "إيتش", "آي", "جيه", "جاي", "كيه", "كاي", "كي",
            "إل", "إم", "إن", "أو", "كيو", "آر", "إس", "تي", "يو", "في", "دبليو", "إكس", "واي", "زد", "زي",
        }.Select(ArabicNormalizer.Normalize),
        StringComparer.Ordinal);

    // Head nouns of things named for people or named like them: a name right after one (مؤشر داو جونز، ملعب هزاع بن
    // زايد، مطار رونالد ريغان، جائزة جورج بوش، محافظة صلاح الدين) is the index's, stadium's, airport's, prize's or
    // province's name there, not a mention of someone. The construct (indefinite) forms only: after the article the
    // noun takes an apposition, often a person (مدرب الفريق يورغن كلوب، رئيس النادي فلورنتينو بيريز). Left out on
    // purpose: مركز (يشغل مركز إنييستا: his position), هيئة (في هيئة رينار: his look), فريق (فريق مولر: Mueller's
    // team; الفريق is a rank), بطولة (من بطولة مات دايمن: "starring"). Normalised at load; an attached و/ف/ب/ل/ك
    // comes off first.
    private static readonly HashSet<string> s_namedForHeads = new(
        new[]
        {
            "مؤشر", "مؤشري", "بورصة", "ملعب", "ملاعب", "استاد", "ستاد", "كأس", "جائزة", "مهرجان", "مطار", "ميناء", "جامعة",
            "كلية", "معهد", "أكاديمية", "مدرسة", "مستشفى", "مسجد", "جامع", "كنيسة", "متحف", "مكتبة", "فندق", "شارع", "ميدان",
            "ساحة", "جسر", "محافظة", "مدينة",
        }.Select(ArabicNormalizer.Normalize),
        StringComparer.Ordinal);

    // Head nouns of bodies (شركة "بيكر هيوز"، نادي ويست بروميتش، مؤسسة "بيل غيتس"): the name after one is the body's,
    // or the person's who owns it (شركة إيلون ماسك). Such a name is taken for a body only when the article never
    // names it otherwise. Not the nouns of groups, which take their leader's name (حركة نافالني، جماعة مشار، ميليشيات
    // الجضران، معسكر رئيس الوزراء نجيب عبد الرزاق، جيش حفتر: جماعة، حركة، تنظيم، جيش، فصيل، معسكر، ميليشيات), nor
    // مجموعة (مجموعة مارك زاكربرغ is his).
    private static readonly HashSet<string> s_bodyHeads = new(
        new[]
        {
            "شركة", "مصرف", "بنك", "مصنع", "مؤسسة", "منظمة", "جمعية", "وكالة", "صندوق", "نادي", "قناة", "صحيفة", "مجلة",
        }.Select(ArabicNormalizer.Normalize),
        StringComparer.Ordinal);

    // Saint's names (سان، سانت): a name that begins with one is a place, club or church named for the saint (سان
    // جيرمان، سان سيرو، سانت إتيان، سان بطرسبرغ), never a person, and one never ends a name: a span the tagger ended on
    // one was cut short (باريس سان of باريس سان جيرمان), and it comes off. Inside a name it is one (إيف سان لوران).
    // Not the other particles of compound names: دي، فون، ديل، دو end real names (وانغ دي، فينس فون، جوهانس ديل، يي دو).
    // Normalised at load.
    private static readonly HashSet<string> s_saintWords = new(
        new[] { "سان", "سانت" }.Select(ArabicNormalizer.Normalize),
        StringComparer.Ordinal);

    // Words that continue a name only when another word follows (محمد بن سلمان, عبد ربه): never its last word.
    // Titles that go with a given name, never a surname: الملك عبدالله is King Abdullah, not the singer عبدالمجيد
    // عبدالله, and الأمير هاري is Harry. (الشيخ is not here: a cleric is called by his family name, الشيخ القرضاوي.)
    private static readonly HashSet<string> s_givenNameTitles = new(StringComparer.Ordinal)
    {
        "الملك", "الملكه", "الامير", "الاميره", "السلطان", "السلطانه",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> s_givenNameTitlesBySpan =
        s_givenNameTitles.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string> s_innerWords = new(StringComparer.Ordinal) { "بن", "ابن", "بنت", "عبد", "ابو", "ال", "ولد" };

    // Particles that attach to a name, longest first; والأسد is و + الأسد (the article belongs to the name).
    private static readonly string[] s_particles = ["وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك"];

    // The letters after which an initial و is a foreign name's W, not the conjunction (normalised: أ and إ are ا).
    private static readonly HashSet<char> s_wOnsets = ['ا', 'ي', 'و'];

    // The same with the article, for title and function words (والرئيس، للوزير).
    private static readonly string[] s_wordParticles = ["وال", "فال", "بال", "كال", "ولل", "لل", .. s_particles];

    /// <summary>
    /// Links the name spans of one text: mentions of people the curated list does not know, in text order, and
    /// those people (one per identity key).
    /// </summary>
    /// <param name="text">The text the tokens were made from.</param>
    /// <param name="tokens">Its tokens.</param>
    /// <param name="known">The curated people's matches (<see cref="PersonRecognizer"/>): those tokens are theirs.</param>
    /// <param name="spans">Person spans from a tagger (or the title cue finder).</param>
    internal LinkedPeople Link(string text, IReadOnlyList<Token> tokens, IReadOnlyList<PersonMatch> known, IReadOnlyList<NameSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(spans);
        if (spans.Count == 0)
        {
            return LinkedPeople.None;
        }

        spans = SplitAtConjunctions(tokens, spans);
        var taken = new bool[tokens.Count];
        foreach (var m in known)
        {
            for (var t = m.FirstToken; t <= m.LastToken; t++)
            {
                taken[t] = true;
            }
        }

        // 1. Clean every span to its name words.
        var spanWords = spans.SelectMany(s => Enumerable.Range(s.FirstToken, Math.Max(0, s.LastToken - s.FirstToken + 1)))
            .Where(t => t < tokens.Count).Select(t => tokens[t].Normalized).ToHashSet(StringComparer.Ordinal);
        var names = new List<Name>();
        foreach (var span in spans.OrderBy(s => s.FirstToken))
        {
            if (Clean(text, tokens, span, taken, spanWords) is { } name)
            {
                names.Add(name);
                for (var t = name.First; t <= name.Last; t++)
                {
                    taken[t] = true;
                }
            }
        }

        if (names.Count == 0)
        {
            return LinkedPeople.None;
        }

        // 2. Full names make the article's people, the curated ones it names in full among them; a shorter name
        // that ends like one of them (its surname, or the last words of it) is that person when only one of them
        // ends so (كيم after كيم جونغ أون).
        var people = new List<Group>();
        foreach (var m in known)
        {
            if (m.Kind == AliasKind.Full && m.LastToken > m.FirstToken)
            {
                var words = Enumerable.Range(m.FirstToken, m.LastToken - m.FirstToken + 1)
                    .Select(t => t == m.FirstToken ? tokens[t].Normalized[m.Particle.Length..] : tokens[t].Normalized);
                var key = NameKey.Identity(string.Join(' ', words));
                if (key.Length > 0 && !people.Any(p => p.Key == key))
                {
                    people.Add(new Group(key, m.Mention.PersonSlug));
                }
            }
        }

        foreach (var name in names.OrderByDescending(n => n.Keys.Length).ThenBy(n => n.First))
        {
            // After الملك or الأمير a lone word is a given name: it may begin someone's name, never end it.
            var givenNameOnly = name.First > 0 && IsGivenNameTitle(tokens[name.First - 1].Normalized);
            var owner = Owner(people, name, givenNameOnly);
            if (owner is null)
            {
                owner = people.FirstOrDefault(p => p.Key == name.Key);
                if (owner is null)
                {
                    owner = new Group(name.Key, null);
                    people.Add(owner);
                }
            }

            owner.Names.Add(name);
        }

        // A name the article puts after a thing's head noun names that thing: its "person" is dropped when most of its
        // names here follow a place's, prize's or index's head (مؤشر داو جونز twice, then داو جونز bare: still the
        // index; not الكرة في ملعب ماتاريلا beside سيرجيو ماتاريلا), or all of them a body's (شركة "بيكر هيوز").
        people.RemoveAll(p => p.Curated is null && p.Names.Any(n => n.Head != HeadKind.None)
            && (p.Names.Count(n => n.Head == HeadKind.NamedFor) * 2 > p.Names.Count || p.Names.All(n => n.Head != HeadKind.None)));

        // A lone word that is no one's name here must be surer, and a lone given name (محمد) names nobody in particular,
        // nor does the first name of a listed person the article does not name (كيم: كيم جونغ أون, كيم يو جونغ...
        // became one "person" of 148 articles at 100k).
        people.RemoveAll(p => p.Curated is null && p.Keys.Length == 1
            && (IsGivenName(p.Names[0].Words[0]) || IsCompoundGivenName(p.Names[0].Words) || (p.Names[0].Words.Length == 1 && listedFirstNames?.Contains(p.Names[0].Words[0]) == true)
                || p.Names.Max(n => n.Confidence) < SingleWordConfidence));

        // 3. Later mentions the tagger left out: a word that is the surname of exactly one multi-word person.
        var surnames = people.Where(p => p.Curated is null && p.Keys.Length > 1 && p.Keys[^1].Length >= 3)
            .GroupBy(p => p.Keys[^1], StringComparer.Ordinal)
            .Where(g => g.Count() == 1 && !s_titleWords.Contains(g.Key) && !s_functionWords.Contains(g.Key))
            .ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        if (surnames.Count > 0)
        {
            for (var t = 0; t < tokens.Count; t++)
            {
                if (taken[t] || (t > 0 && s_innerWords.Contains(tokens[t - 1].Normalized)) || InHashtag(text, tokens[t]))
                {
                    continue;
                }

                if (t > 0 && IsGivenNameTitle(tokens[t - 1].Normalized))
                {
                    continue;
                }

                // A word of a place's name is the place's (بيونغ يانغ is Pyongyang, not ب + يونغ of ري يونغ هو).
                var (particle, group) = SurnameAt(tokens[t].Normalized, surnames);
                if (group is not null && (!NameKey.HasInnerHamza(tokens[t].Surface, particle.Length) || group.Names.Any(n => WrittenWithInnerHamza(tokens, n)))
                    && !InPlaceName(tokens, t))
                {
                    group.Names.Add(new Name(t, t, particle, [tokens[t].Normalized[particle.Length..]], [group.Keys[^1]], group.Keys[^1], 0, ""));
                    taken[t] = true;
                }
            }
        }

        // 4. Identity, English name and the mentions.
        var mentions = new List<PersonMatch>();
        var found = new List<DiscoveredPersonFact>();
        foreach (var p in people)
        {
            if (p.Curated is { } curated)
            {
                foreach (var n in p.Names)
                {
                    var (s, e) = (tokens[n.First].Start, tokens[n.Last].End);
                    mentions.Add(new PersonMatch(new MentionFact(curated, s, e, text[s..e]), n.First, n.Last, AliasKind.Surname, n.Particle, n.Words.Length));
                }

                continue;
            }

            var canonical = p.Names.Where(n => n.Keys.Length == p.Keys.Length).OrderBy(n => n.First).First();
            var nameAr = string.Join(' ', canonical.Words);
            var display = text[(tokens[canonical.First].Start + canonical.ParticleChars(tokens[canonical.First]))..tokens[canonical.Last].End];
            var (nameEn, guessed) = lexicon.EnglishName(nameAr);
            // Several mentions each with its confidence: the person is wrong only if every one of them is.
            var miss = 1.0;
            foreach (var n in p.Names.Where(n => n.Confidence > 0))
            {
                miss *= 1 - n.Confidence;
            }

            var confidence = Math.Round(Math.Min(0.99, 1 - miss), 3);
            var slug = SlugOf(nameEn, guessed, p.Key);
            var spellings = p.Names.Select(n => n.Spelling(text, tokens)).Distinct(StringComparer.Ordinal).ToList();
            found.Add(new DiscoveredPersonFact(slug, p.Key, display, nameEn, guessed, p.Names.Select(n => n.Role).FirstOrDefault(r => r.Length > 0) ?? "",
                confidence, spellings, p.Names.Count));
            foreach (var n in p.Names)
            {
                var start = tokens[n.First].Start;
                var end = tokens[n.Last].End;
                var kind = n.Words.Length > 1 ? AliasKind.Full : AliasKind.Surname;
                mentions.Add(new PersonMatch(new MentionFact(slug, start, end, text[start..end]), n.First, n.Last, kind, n.Particle, n.Words.Length));
            }
        }

        mentions.Sort((a, b) => a.FirstToken.CompareTo(b.FirstToken));
        return new LinkedPeople(mentions, found);
    }

    /// <summary>
    /// A readable slug: the English name's when it came from the lexicon (barack-obama), else the transliterated
    /// identity key. Ingestion keeps the first slug a key was stored under, so the lexicon may grow later.
    /// </summary>
    public static string SlugOf(string nameEn, bool transliterated, string key)
    {
        ArgumentNullException.ThrowIfNull(nameEn);
        ArgumentNullException.ThrowIfNull(key);
        if (!transliterated)
        {
            var chars = nameEn.Normalize(System.Text.NormalizationForm.FormD)
                .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
                .Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray();
            var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
            if (slug.Length > 0)
            {
                return slug;
            }
        }

        return ArabicTransliterator.ToSlug(key);
    }

    // The one person whose name ends with these words (its surname) or, for a lone word, begins with it (الأمير
    // محمد after محمد بن سلمان); null when none or several do, as the short form then names nobody for sure.
    private static Group? Owner(List<Group> people, Name name, bool givenNameOnly)
    {
        var keys = name.Keys;
        Group? owner = null;
        foreach (var p in people)
        {
            if (p.Keys.Length <= keys.Length)
            {
                continue;
            }

            var ends = !givenNameOnly && p.Keys.AsSpan(p.Keys.Length - keys.Length).SequenceEqual(keys);
            var begins = keys.Length == 1 && p.Keys[0] == keys[0];
            if (ends || begins)
            {
                if (owner is not null)
                {
                    return null;
                }

                owner = p;
            }
        }

        return owner;
    }

    private bool IsGivenName(string word) => lexicon.IsGivenName(word);

    // عبد الله، عبد العزيز written apart: one given name (the identity key joins them), as common as محمد.
    private static bool IsCompoundGivenName(string[] words) =>
        words.Length == 2 && words[0] == "عبد" && words[1].StartsWith("ال", StringComparison.Ordinal);

    /// <summary>
    /// Two people named side by side with "و" (عاصي وحماقي، سامي يوسف وعمرو دياب) are often tagged as one span: a span
    /// is cut before an inner word that is و plus a name word, unless the word with its و is itself a name (وليد،
    /// وائل). Each side is then a name of its own.
    /// </summary>
    private IReadOnlyList<NameSpan> SplitAtConjunctions(IReadOnlyList<Token> tokens, IReadOnlyList<NameSpan> spans)
    {
        List<NameSpan>? result = null;
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            var pieces = new List<NameSpan>();
            var start = span.FirstToken;
            for (var t = span.FirstToken + 1; t <= span.LastToken && t < tokens.Count; t++)
            {
                var word = tokens[t].Normalized;
                // Two names joined by و (أوي سيلر وغيرد مولر): at a word that is و and a name, or, after two words of a
                // name already, at any word in و the lexicon does not know (فيكتور سومولوف وإيغناشفيتش) unless the و
                // is a foreign name's W (سارة ليا ويتسن).
                if (word.Length > 3 && word[0] == 'و' && !IsNameWord(word) && !s_innerWords.Contains(word)
                    && (IsNameWord(word.AsSpan(1)) || (t - start >= 2 && !s_wOnsets.Contains(word[1]))))
                {
                    pieces.Add(span with { FirstToken = start, LastToken = t - 1 });
                    start = t;
                }
            }

            if (pieces.Count == 0)
            {
                result?.Add(span);
                continue;
            }

            pieces.Add(span with { FirstToken = start });
            result ??= [.. spans.Take(i)];
            result.AddRange(pieces);
        }

        return result ?? spans;
    }

    private bool IsNameWord(ReadOnlySpan<char> word) => lexicon.Contains(word) || lexicon.IsGivenName(word.ToString());

    // A word glued by '_' or '#' into a hashtag or handle (#مدينة_الملك_عبدالله) is part of that tag's name: alone it
    // is a place or a campaign, not a later mention of a person the article named in full.
    private static bool InHashtag(string text, Token token) =>
        (token.Start > 0 && text[token.Start - 1] is '_' or '#') || (token.End < text.Length && text[token.End] == '_');

    // The surname as the article wrote it in this name: ترأس is no later mention of a تراس written without hamza.
    private static bool WrittenWithInnerHamza(IReadOnlyList<Token> tokens, Name name) =>
        NameKey.HasInnerHamza(tokens[name.Last].Surface, name.First == name.Last ? name.Particle.Length : 0);

    // Whether the span, its first word as written (with or without an attached particle: وبيونغ يانغ is و + Pyongyang,
    // not وب + يونغ يانغ), is, whole, a name that <paramref name="listed"/> knows.
    private static bool IsListedWhole(Func<string, bool> listed, string firstWord, string[] words)
    {
        var rest = string.Join(' ', words.Skip(1));
        string Joined(string first) => rest.Length == 0 ? first : first + " " + rest;
        return listed(Joined(firstWord))
            || s_particles.Any(p => firstWord.Length > p.Length + 1 && firstWord.StartsWith(p, StringComparison.Ordinal) && listed(Joined(firstWord[p.Length..])));
    }

    private static bool IsLetters(string name) => name.Split(' ').All(s_letterNames.Contains);

    private static bool IsGivenNameTitle(string word)
    {
        // As slices, and the article written before the title into a buffer: this runs for every token of an
        // article naming a surname.
        Span<char> buffer = word.Length <= 62 ? stackalloc char[64] : new char[word.Length + 2];
        foreach (var particle in s_wordParticles)
        {
            // والملك، للملك، بالأمير: the particle with the article, then the title without its own article.
            if (word.Length > particle.Length + 2 && word.StartsWith(particle, StringComparison.Ordinal))
            {
                scoped var rest = word.AsSpan(particle.Length);
                if (particle.EndsWith("ال", StringComparison.Ordinal) || particle.EndsWith("لل", StringComparison.Ordinal))
                {
                    "ال".CopyTo(buffer);
                    rest.CopyTo(buffer[2..]);
                    rest = buffer[..(rest.Length + 2)];
                }

                if (s_givenNameTitlesBySpan.Contains(rest))
                {
                    return true;
                }
            }
        }

        return s_givenNameTitles.Contains(word);
    }

    private static (string Particle, Group? Group) SurnameAt(string word, Dictionary<string, Group> surnames)
    {
        // Looked up by slice (the word's identity written into a buffer when it differs): this runs for every token.
        var lookup = surnames.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = word.Length <= 64 ? stackalloc char[64] : new char[word.Length];
        if (lookup.TryGetValue(NameKey.IdentityWord(word, buffer), out var g))
        {
            return ("", g);
        }

        foreach (var p in s_particles)
        {
            if (word.Length - p.Length >= 3 && word.StartsWith(p, StringComparison.Ordinal)
                && lookup.TryGetValue(NameKey.IdentityWord(word.AsSpan(p.Length), buffer), out g))
            {
                return (p, g);
            }
        }

        return ("", null);
    }

    private Name? Clean(string text, IReadOnlyList<Token> tokens, NameSpan span, bool[] taken, HashSet<string> spanWords)
    {
        var first = Math.Max(0, span.FirstToken);
        var last = Math.Min(tokens.Count - 1, span.LastToken);
        if (first > last)
        {
            return null;
        }

        // A span over a curated person's mention is that person.
        for (var t = first; t <= last; t++)
        {
            if (taken[t])
            {
                return null;
            }
        }

        // One word of a hashtag of several (#مدينة_الملك_عبدالله) is not a name of its own.
        if (first == last && InHashtag(text, tokens[first]))
        {
            return null;
        }

        // Names never run across punctuation: the span stops at the first gap that is not a space.
        for (var t = first + 1; t <= last; t++)
        {
            if (!PersonRecognizer.OnlySpaceBetween(text, tokens[t - 1].End, tokens[t].Start))
            {
                last = t - 1;
                break;
            }
        }

        var titled = false;
        while (first <= last && IsNotName(Bare(tokens[first].Normalized)))
        {
            first++;
            titled = true;
        }

        // A title's qualifiers go with it (الرئيس التنفيذي للشركة سامي الخطيب): definite words and complements
        // in لل, as long as a word stays for the name.
        while (titled && first < last && (tokens[first].Normalized.StartsWith("ال", StringComparison.Ordinal) || tokens[first].Normalized.StartsWith("لل", StringComparison.Ordinal)))
        {
            first++;
        }

        // A thing's head noun inside the span (مؤشر داو جونز tagged whole) is not the name, and marks it as the thing's.
        var head = HeadKind.None;
        while (first < last && HeadOf(tokens[first]) is var kind && kind != HeadKind.None)
        {
            first++;
            head = kind;
        }

        // A name never ends in a country: a span run on into the object (تتهم ماي روسيا) keeps its name part.
        while (last >= first && (IsNotName(Bare(tokens[last].Normalized)) || s_innerWords.Contains(tokens[last].Normalized)
            || s_saintWords.Contains(tokens[last].Normalized) || places?.IsCountry(tokens[last].Normalized) == true))
        {
            last--;
        }

        if (first > last || last - first + 1 > MaxNameWords)
        {
            return null;
        }

        if (head == HeadKind.None)
        {
            head = HeadBefore(text, tokens, first);
        }

        var particle = ParticleOf(tokens[first].Normalized, spanWords, last > first);
        var words = new string[last - first + 1];
        for (var t = first; t <= last; t++)
        {
            var w = tokens[t].Normalized;
            words[t - first] = t == first ? w[particle.Length..] : w;
        }

        foreach (var w in words)
        {
            // Arabic letters only, and more than a letter (ه. / د. are abbreviations of titles).
            if (w.Length < 2 || !w.All(ArabicNormalizer.IsArabicLetter))
            {
                return null;
            }
        }

        // A name opening with a saint's name (سان جيرمان، سانت إتيان) is a place or a club named for the saint.
        if (IsSaintWord(words[0]) || (particle.Length == 0 && IsSaintWord(WithoutParticle(words[0]))))
        {
            return null;
        }

        // A span that is, whole, a known place (بيونغ يانغ: Pyongyang, in a dateline or as the North Korean
        // government) is no one, however sure the tagger is; with a particle too, whichever the particle taken
        // (وبيونغ يانغ is و + Pyongyang, not وب + يونغ يانغ).
        if (places is not null && IsListedWhole(places.IsPlace, tokens[first].Normalized, words))
        {
            return null;
        }

        // Nor is a span of several words that is, whole, a news outlet's name (فرانس برس، لبي بي سي: ل + BBC), nor one
        // spelled out in Latin letters (بي سي، إف بي آي). One word is left to the checks below: an outlet may be
        // named like a person (فارس، شهاب), and a lone word must be surer anyway.
        if (words.Length > 1 && (IsListedWhole(IsLetters, tokens[first].Normalized, words) || (outlets is not null && IsListedWhole(name => outlets.Find(name) is not null, tokens[first].Normalized, words))))
        {
            return null;
        }

        if (span.Confidence < LexiconFreeConfidence)
        {
            // A doubtful span must hold a word known as a name, and no verb in the future tense (سيزور، ستبحث).
            if (!words.Any(w => lexicon.Contains(w) || (w.StartsWith("ال", StringComparison.Ordinal) && lexicon.Contains(w.AsSpan(2))))
                || words.Any(w => w.Length >= 5 && w[0] == 'س' && w[1] is 'ي' or 'ت' or 'ن'))
            {
                return null;
            }
        }

        var key = NameKey.Identity(string.Join(' ', words));
        if (key.Length < 3)
        {
            return null;
        }

        var keys = key.Split(' ');
        var role = RoleBefore(text, tokens, first);
        return new Name(first, last, particle, words, keys, key, span.Confidence, role, head);
    }

    // The title just before a name ("وزير الخارجية الأمريكي جون كيري"): up to five title words and their
    // definite complements, read back from the name; empty when no title word stands there.
    private static string RoleBefore(string text, IReadOnlyList<Token> tokens, int first)
    {
        var start = first;
        var sawTitle = false;
        for (var t = first - 1; t >= 0 && first - t <= 5; t--)
        {
            if (!PersonRecognizer.OnlySpaceBetween(text, tokens[t].End, tokens[t + 1].Start))
            {
                break;
            }

            var w = Bare(tokens[t].Normalized);
            if (s_titleWords.Contains(w))
            {
                sawTitle = true;
                start = t;
            }
            else if (w.StartsWith("ال", StringComparison.Ordinal) && !s_functionWords.Contains(w))
            {
                start = t;
            }
            else
            {
                break;
            }
        }

        if (!sawTitle || start == first)
        {
            return "";
        }

        // The role is read without the conjunction the first title word carries ("ووزير" → "وزير").
        var s = tokens[start].Start + (tokens[start].Normalized.Length - Bare(tokens[start].Normalized).Length);
        return text[s..tokens[first - 1].End];
    }

    // Which kind of thing's head noun the word is, less an attached و/ف/ب/ل/ك (ولشركة → شركة). A final ه of the
    // normalised word must be written ة: مؤسسه is "its founder" (مؤسسه مارك زوكربيرغ), مكتبه "his office".
    private static HeadKind HeadOf(Token token)
    {
        var word = token.Normalized;
        var bare = s_namedForHeads.Contains(word) || s_bodyHeads.Contains(word) ? word : WithoutParticle(word);
        var kind = s_namedForHeads.Contains(bare) ? HeadKind.NamedFor : s_bodyHeads.Contains(bare) ? HeadKind.Body : HeadKind.None;
        return kind != HeadKind.None && bare[^1] == 'ه' && LastLetter(token.Surface) != 'ة' ? HeadKind.None : kind;
    }

    private static char LastLetter(string surface)
    {
        for (var k = surface.Length - 1; k >= 0; k--)
        {
            if (!ArabicNormalizer.IsStripped(surface[k]))
            {
                return surface[k];
            }
        }

        return '\0';
    }

    private static bool IsSaintWord(string word) => s_saintWords.Contains(word);

    // The word without the longest attached particle that leaves three letters or more; the word itself when none.
    private static string WithoutParticle(string word)
    {
        foreach (var p in s_particles)
        {
            if (word.Length - p.Length >= 3 && word.StartsWith(p, StringComparison.Ordinal))
            {
                return word[p.Length..];
            }
        }

        return word;
    }

    // The thing's head noun right before the name: only spaces or an opening quote between (جماعة "بوكو حرام"), and a
    // title that goes with a given name may come between (ستاد الأمير فيصل بن فهد، مطار الملك خالد: the stadium, the
    // airport); not any title (معسكر رئيس الوزراء نجيب عبد الرزاق is his camp).
    private static HeadKind HeadBefore(string text, IReadOnlyList<Token> tokens, int first)
    {
        for (var t = first - 1; t >= 0 && first - t <= 4; t--)
        {
            if (!(t == first - 1 ? OnlySpaceOrQuotesBetween(text, tokens[t].End, tokens[t + 1].Start) : PersonRecognizer.OnlySpaceBetween(text, tokens[t].End, tokens[t + 1].Start)))
            {
                return HeadKind.None;
            }

            var word = tokens[t].Normalized;
            if (HeadOf(tokens[t]) is var kind && kind != HeadKind.None)
            {
                return kind;
            }

            if (!IsGivenNameTitle(word) && Bare(word) is not ("الشيخ" or "الشيخه"))
            {
                return HeadKind.None;
            }
        }

        return HeadKind.None;
    }

    private static bool OnlySpaceOrQuotesBetween(string text, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            if (text[k] is not (' ' or '\u00A0' or '\t' or '"' or '\'' or '«' or '“' or '‘' or '’' or '(') && !ArabicNormalizer.IsStripped(text[k]))
            {
                return false;
            }
        }

        return true;
    }

    // Whether the word and the next, or the previous and the word, are a listed place's name (بيونغ يانغ).
    private bool InPlaceName(IReadOnlyList<Token> tokens, int t) =>
        places is not null
        && ((t + 1 < tokens.Count && IsListedWhole(places.IsPlace, tokens[t].Normalized, [tokens[t].Normalized, tokens[t + 1].Normalized]))
            || (t > 0 && IsListedWhole(places.IsPlace, tokens[t - 1].Normalized, [tokens[t - 1].Normalized, tokens[t].Normalized])));

    private static bool IsNotName(string bare) => s_titleWords.Contains(bare) || s_functionWords.Contains(bare);

    // The word without a conjunction or preposition in front of a title or function word ("وسمو" → "سمو").
    private static string Bare(string w)
    {
        if (s_titleWords.Contains(w) || s_functionWords.Contains(w))
        {
            return w;
        }

        foreach (var p in s_wordParticles)
        {
            if (w.Length > p.Length + 1 && w.StartsWith(p, StringComparison.Ordinal))
            {
                var rest = w[p.Length..];
                if (s_titleWords.Contains(rest) || s_functionWords.Contains(rest))
                {
                    return rest;
                }

                if (p.EndsWith('ل') && p.Length >= 2 && s_titleWords.Contains("ال" + rest))
                {
                    return "ال" + rest;
                }
            }
        }

        return w;
    }

    // The particle attached to a name's first word, when the word without it is a name (وأوباما → أوباما, or a
    // word of another span of the text) or starts with the article (والأسد → الأسد), and the word with it is not
    // a name itself (وليد stays وليد).
    private string ParticleOf(string word, HashSet<string> spanWords, bool severalWords)
    {
        if (lexicon.Contains(word))
        {
            return "";
        }

        // When the word less one particle and less another are both names, the shorter particle: ولويس is و + لويس,
        // not ول + ويس (a bare conjunction is far more common than a conjunction and a preposition).
        var found = "";
        foreach (var p in s_particles)
        {
            if (word.Length - p.Length < 3 || !word.StartsWith(p, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = word.AsSpan(p.Length);
            if (lexicon.Contains(rest))
            {
                found = p;
            }
            else if (found.Length == 0 && p == "و" && severalWords && !s_wOnsets.Contains(rest[0]))
            {
                // A name the lexicon does not know after the conjunction (وروبيرتو بيريرا، وهينريت كوهين): a W of a
                // foreign name is written before a vowel letter (ويلسون، واتسون، وودي), و before a consonant is "and".
                return p;
            }
            else if (found.Length == 0 && (spanWords.Contains(rest.ToString()) || (rest.StartsWith("ال", StringComparison.Ordinal) && rest.Length >= 4)))
            {
                return p;
            }
        }

        return found;
    }

    /// <summary>What a head noun right before a name says the name is.</summary>
    private enum HeadKind
    {
        /// <summary>No head noun: a person's name, as far as it tells.</summary>
        None,

        /// <summary>A place, building, prize or index named for someone (ملعب، مطار، جائزة، مؤشر).</summary>
        NamedFor,

        /// <summary>A company, club, foundation or paper (شركة، نادي، مؤسسة، صحيفة): its own name, or its owner's.</summary>
        Body,
    }

    /// <summary>One cleaned name in the text.</summary>
    /// <param name="Head">The head noun right before the name, if any (مؤشر، ملعب: named for; شركة، نادي: a body).</param>
    private sealed record Name(int First, int Last, string Particle, string[] Words, string[] Keys, string Key, double Confidence, string Role, HeadKind Head = HeadKind.None)
    {
        public int ParticleChars(Token token)
        {
            // Particle letters are single characters without marks after normalisation; in the source they may carry
            // harakat, so count source characters until as many letters have passed.
            var letters = 0;
            var k = 0;
            var surface = token.Surface;
            while (k < surface.Length && letters < Particle.Length)
            {
                if (!ArabicNormalizer.IsStripped(surface[k]))
                {
                    letters++;
                }

                k++;
            }

            return k;
        }

        public string Spelling(string text, IReadOnlyList<Token> tokens) =>
            text[(tokens[First].Start + ParticleChars(tokens[First]))..tokens[Last].End];
    }

    /// <summary>The names of one person in the article: a discovered one, or a curated one it names in full.</summary>
    private sealed class Group(string key, string? curated)
    {
        public string Key { get; } = key;

        public string[] Keys { get; } = key.Split(' ');

        /// <summary>The curated person's slug; null for a discovered person.</summary>
        public string? Curated { get; } = curated;

        public List<Name> Names { get; } = [];
    }
}

/// <summary>The people a <see cref="PersonLinker"/> found beyond the curated list, and their mentions.</summary>
internal sealed record LinkedPeople(IReadOnlyList<PersonMatch> Mentions, IReadOnlyList<DiscoveredPersonFact> People)
{
    /// <summary>Nothing found.</summary>
    public static LinkedPeople None { get; } = new([], []);
}
