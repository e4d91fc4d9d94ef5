using Erhvervsdialog.Core.Companies;

namespace Erhvervsdialog.Tests.Core.Companies;

public class CvrNumberTests
{
    [Theory]
    [InlineData("24256790")]
    [InlineData("54562519")]
    [InlineData("10103940")]
    [InlineData("64942212")]
    public void IsValid_RealCvrNumbers_True(string cvr) => Assert.True(CvrNumber.IsValid(cvr));

    [Theory]
    [InlineData("24256791")] // last digit altered
    [InlineData("24256709")] // two digits swapped
    [InlineData("54562518")]
    [InlineData("1234567")] // too short
    [InlineData("242567900")] // too long
    [InlineData("2425679A")]
    [InlineData("04256790")] // cannot start with 0
    [InlineData("")]
    [InlineData(null)]
    public void IsValid_AlteredOrMalformed_False(string? cvr) => Assert.False(CvrNumber.IsValid(cvr));

    [Theory]
    [InlineData("DK 24 25 67 90", "24256790")]
    [InlineData(" 24256790 ", "24256790")]
    [InlineData("dk24256790", "24256790")]
    [InlineData("2425-6790", "24256790")]
    public void Normalize_TypedVariants_EightDigits(string input, string expected) =>
        Assert.Equal(expected, CvrNumber.Normalize(input));

    [Fact]
    public void MadeUp_ValidAndDifferentForEveryN()
    {
        var numbers = Enumerable.Range(0, 50_000).Select(CvrNumber.MadeUp).ToList();
        Assert.All(numbers, cvr => Assert.True(CvrNumber.IsValid(cvr), cvr));
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }
}
