using DslNets.Data;

namespace DslNets.Runtime.Tests.Data;

public class MiniBatchOrderTests
{
    [Fact]
    public void EveryEpochIsAPermutationCutIntoBatches()
    {
        var order = new MiniBatchOrder(count: 10, batchSize: 4, seed: 5);

        for (int epoch = 0; epoch < 3; epoch++)
        {
            Assert.Equal(epoch, order.Epoch);
            Assert.Equal(3, order.BatchCount);
            var seen = new List<int>();
            for (int b = 0; b < order.BatchCount; b++) seen.AddRange(order.Batch(b).ToArray());
            Assert.Equal([4, 4, 2], Enumerable.Range(0, 3).Select(b => order.Batch(b).Length));
            Assert.Equal(order.Order.ToArray(), seen);
            Assert.Equal(Enumerable.Range(0, 10), seen.Order());
            order.NextEpoch();
        }
    }

    [Fact]
    public void TheFirstEpochIsTheSeededShuffleOfTheIdentity()
    {
        var order = new MiniBatchOrder(50, 8, seed: 11);
        int[] expected = Enumerable.Range(0, 50).ToArray();
        new SeededRandom(11).Shuffle<int>(expected);

        Assert.Equal(expected, order.Order.ToArray());
    }

    [Fact]
    public void TheSameSeedGivesTheSameEpochsAndEpochsDiffer()
    {
        var a = new MiniBatchOrder(50, 8, seed: 11);
        var b = new MiniBatchOrder(50, 8, seed: 11);
        var c = new MiniBatchOrder(50, 8, seed: 12);
        int[] firstEpoch = a.Order.ToArray();

        a.NextEpoch();
        b.NextEpoch();

        Assert.Equal(a.Order.ToArray(), b.Order.ToArray());
        Assert.NotEqual(firstEpoch, a.Order.ToArray());
        Assert.NotEqual(firstEpoch, c.Order.ToArray());
    }

    [Fact]
    public void DropLastLeavesOutThePartialBatchAndStepsAllocateNothing()
    {
        var order = new MiniBatchOrder(10, 4, seed: 1, dropLast: true);

        order.NextEpoch();
        long before = GC.GetAllocatedBytesForCurrentThread();
        order.NextEpoch();
        int total = order.Batch(0).Length + order.Batch(1).Length;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2, order.BatchCount);
        Assert.Equal(8, total);
        Assert.Equal(0, allocated);
        Assert.Throws<ArgumentOutOfRangeException>(() => order.Batch(2));
        Assert.Contains("no batch would remain", Assert.Throws<ArgumentException>(() => new MiniBatchOrder(3, 4, 1, dropLast: true)).Message);
    }
}
