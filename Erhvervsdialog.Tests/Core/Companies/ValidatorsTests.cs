using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;

namespace Erhvervsdialog.Tests.Core.Companies;

public class ValidatorsTests
{
    [Theory]
    [InlineData("20 12 34 56", "+4520123456")]
    [InlineData("+45 20123456", "+4520123456")]
    [InlineData("004520123456", "+4520123456")]
    [InlineData("+46 70 123 45 67", "+46701234567")]
    public void ToE164_ValidNumbers_Normalised(string input, string expected) => Assert.Equal(expected, Validators.ToE164(input));

    [Theory]
    [InlineData("1234")]
    [InlineData("abc")]
    [InlineData("+45 1234567890123")]
    public void ToE164_Invalid_Null(string input) => Assert.Null(Validators.ToE164(input));

    [Theory]
    [InlineData("jens@firma.dk", true)]
    [InlineData("søren.ågesen@kommune.dk", true)]
    [InlineData("jens@firma", false)]
    [InlineData("jens firma.dk", false)]
    [InlineData("Jens <jens@firma.dk>", false)]
    public void IsEmail(string input, bool expected) => Assert.Equal(expected, Validators.IsEmail(input));

    [Theory]
    [InlineData("3000", true)]
    [InlineData("0800", true)]
    [InlineData("300", false)]
    [InlineData("30000", false)]
    [InlineData("0100", false)]
    [InlineData("3OOO", false)]
    public void IsPostalCode(string input, bool expected) => Assert.Equal(expected, Validators.IsPostalCode(input));

    [Theory]
    [InlineData("Ærø Byg 2425", "\"ærø\"* \"byg\"* \"2425\"*")]
    [InlineData("  \"; DROP TABLE xy; --", "\"drop\"* \"table\"* \"xy\"*")]
    [InlineData("h", null)]
    [InlineData("Hansen & Co A/S", "\"hansen\"* \"co\"*")]
    [InlineData("Hansen OR NEAR(", "\"hansen\"* \"or\"* \"near\"*")]
    [InlineData("   ", null)]
    [InlineData("---", null)]
    public void ToMatchQuery_QuotesEveryWord(string input, string? expected) =>
        Assert.Equal(expected, CompanySearchIndex.ToMatchQuery(input));
}
