using ArabicNewsArchive.Tests.Dates;
using ArabicNewsArchive.Topics;
using Xunit.Abstractions;

namespace ArabicNewsArchive.Tests.Topics;

public sealed class TopicProbe(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        var c = new TopicClassifier(TopicCatalog.Load(SeedFiles.Reference("topics.yaml")));
        foreach (var (id, text) in SeedFiles.Seeds)
        {
            output.WriteLine("== " + id);
            foreach (var f in c.Classify(text))
            {
                output.WriteLine($"  {f.TopicSlug} {f.Score}: " + string.Join(" | ", f.Evidence.Select(e => e.Text)));
            }
        }
    }
}
