using ArabicNewsArchive.Web.Components.Shared;

namespace ArabicNewsArchive.Web.Tests.Components;

public sealed class PrerenderHandoffTests
{
    private sealed class Clock : TimeProvider
    {
        public long Now { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Now;
    }

    private sealed record Model(int N);

    [Fact]
    public void Handoff_GivesTheModelOnceUnderItsKey()
    {
        var handoff = new PrerenderHandoff(new Clock());
        var key = handoff.Put(new Model(7));

        Assert.Equal(new Model(7), handoff.Take<Model>(key));
        // A second circuit (a replayed page) reads the store: the entry is gone once taken.
        Assert.Null(handoff.Take<Model>(key));
        Assert.Null(handoff.Take<Model>(null));
        Assert.Null(handoff.Take<Model>("not-a-key"));
        Assert.Equal(0, handoff.Count);
    }

    [Fact]
    public void Handoff_KeepsAtMostItsCapacity_OldestGoFirst()
    {
        var handoff = new PrerenderHandoff(new Clock());
        var first = handoff.Put(new Model(0));
        var keys = Enumerable.Range(1, PrerenderHandoff.Capacity + 99).Select(i => handoff.Put(new Model(i))).ToList();

        Assert.Equal(PrerenderHandoff.Capacity, handoff.Count);
        Assert.Null(handoff.Take<Model>(first));
        Assert.Equal(new Model(PrerenderHandoff.Capacity + 99), handoff.Take<Model>(keys[^1]));
    }

    [Fact]
    public void Handoff_ForgetsAnEntryPastItsLifetime_AndOneOfAnotherType()
    {
        var clock = new Clock();
        var handoff = new PrerenderHandoff(clock);
        var stale = handoff.Put(new Model(1));
        var other = handoff.Put("text");
        clock.Now += (PrerenderHandoff.Lifetime + TimeSpan.FromSeconds(1)).Ticks;

        Assert.Null(handoff.Take<Model>(stale));
        clock.Now = 0;
        Assert.Null(handoff.Take<Model>(other));
    }
}
