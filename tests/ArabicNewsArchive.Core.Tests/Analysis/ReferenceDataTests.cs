using ArabicNewsArchive.Analysis;

namespace ArabicNewsArchive.Tests.Analysis;

public sealed class ReferenceDataTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ana-ref-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }

    [Fact]
    public void Load_ReadsTheTaggerOnlyWhenAsked()
    {
        // A model file that cannot be read: loading the reference data must not touch it, asking for the tagger must.
        var model = Path.Combine(_folder, "people-model", "person-tagger.bin.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(model)!);
        File.WriteAllBytes(model, [1, 2, 3, 4, 5, 6, 7, 8]);

        var reference = ReferenceData.Load(_folder);

        Assert.ThrowsAny<InvalidDataException>(() => reference.Tagger);
    }

    [Fact]
    public void ReleaseTagger_LetsTheReadTaggerGo()
    {
        // The shipped model under a path of this test's own: PersonTagger.Load hands every reader of one path the same
        // instance while any holds it, and other tests keep reference data of the seeds' folder for their lifetime.
        var model = Path.Combine(_folder, "people-model", "person-tagger.bin.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(model)!);
        File.Copy(Path.Combine(ArabicNewsArchive.Tests.People.PeopleTestData.Root, "seeds", "reference", "people-model", "person-tagger.bin.gz"), model);
        var reference = ReferenceData.Load(_folder);
        var read = TaggerOf(reference);

        reference.ReleaseTagger();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // Nothing holds it any more (without the release, the reference data would); asked again, it is read again.
        Assert.False(read.TryGetTarget(out _));
        Assert.NotNull(reference.Tagger);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference<ArabicNewsArchive.People.Recognition.PersonTagger> TaggerOf(ReferenceData reference) => new(reference.Tagger!);
}
