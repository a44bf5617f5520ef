/**
 * Passwords of eight or more characters that appear near the top of every published breach list.
 * Shorter ones are already refused by the length rule. Compared lower-cased.
 */
const LIST = `
password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword pa55word pa55w0rd
12345678 123456789 1234567890 0123456789 12341234 11111111 00000000 88888888 87654321 987654321
12344321 11223344 12121212 13131313 99999999 22222222 55555555 66666666 77777777 123123123 147258369
qwertyui qwertyuiop qwerty12 qwerty123 qwerty1234 1q2w3e4r 1q2w3e4r5t 1qaz2wsx 1qazxsw2 zaq12wsx
q1w2e3r4 q1w2e3r4t5 asdfghjk asdfghjkl asdf1234 zxcvbnm1 zxcvbnm123 qazwsxedc abcd1234 abc12345
abcdefgh abcdefg1 a1b2c3d4 aaaaaaaa iloveyou iloveyou1 iloveyou2 sunshine sunshine1 princess princess1
football football1 baseball baseball1 basketball welcome1 welcome123 letmein1 letmein123 trustno1
superman batman123 spiderman starwars starwars1 pokemon1 whatever whatever1 computer computer1
internet michelle jennifer jordan23 mustang1 master123 masterkey dragon123 monkey123 shadow123
charlie1 freedom1 liverpool chelsea1 arsenal1 manchester butterfly flower123 mercedes ferrari1
samsung1 samsung123 google123 facebook instagram linkedin1 changeme changeme1 default1 administrator
admin123 admin1234 root1234 toor1234 test1234 testtest tester123 secret123 security guest123
hello123 helloworld hello1234 summer2024 summer2025 winter2024 winter2025 autumn2024 spring2024
january1 december1 september1 november1 midnight1 pixel123 pixeli123 photo123 photos123 camera123
qwertyqwerty 1qaz1qaz 123qweasd 123qweasdzxc zxcvbnm, 123abc123 abc123abc iloveu123 lovelove
babygirl1 loveyou1 naruto123 minecraft fortnite1 chocolate cookie123 cheese123 pepper123 yankees1
cowboys1 eagles12 hunter12 hunter123 killer123 maverick soccer123 hockey123 tigger12 ginger12
biteme123 access14 thunder1 matrix123 mynoob123 nothing1 unknown1 passpass
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter((p) => p.length >= 8));
