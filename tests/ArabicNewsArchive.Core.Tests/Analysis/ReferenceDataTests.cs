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
    public void ReleaseTagger_LetsTheReadTaggerGoAndReadsItAgainWhenAsked()
    {
        // A copy of the shipped model in a folder of its own: the tagger is read from the file each time it is made.
        var model = Path.Combine(_folder, "people-model", "person-tagger.bin.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(model)!);
        File.Copy(Path.Combine(ArabicNewsArchive.Tests.People.PeopleTestData.Root, "seeds", "reference", "people-model", "person-tagger.bin.gz"), model);
        var reference = ReferenceData.Load(_folder);
        var first = reference.Tagger;
        Assert.NotNull(first);
        Assert.Same(first, reference.Tagger);

        reference.ReleaseTagger();
        // Read again: a broken file now shows the old one is not held.
        File.WriteAllBytes(model, [1, 2, 3, 4, 5, 6, 7, 8]);

        Assert.ThrowsAny<InvalidDataException>(() => reference.Tagger);
    }
}
