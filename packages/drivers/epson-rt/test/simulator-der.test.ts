import { X509Certificate } from "node:crypto"
import { describe, expect, it } from "vitest"
import { unsignedInteger } from "../src/simulator/der.js"
import { generateCredentials } from "../src/simulator/signing.js"

describe("the simulator's DER encoding", () => {
  it("writes integers in their shortest form, positive", () => {
    expect([...unsignedInteger(Buffer.from([0x00, 0x00, 0x12]))]).toEqual([0x02, 0x01, 0x12])
    expect([...unsignedInteger(Buffer.from([0x00, 0x92]))]).toEqual([0x02, 0x02, 0x00, 0x92])
    expect([...unsignedInteger(Buffer.from([0x92]))]).toEqual([0x02, 0x02, 0x00, 0x92])
    expect([...unsignedInteger(Buffer.from([0x00]))]).toEqual([0x02, 0x01, 0x00])
  })

  it("produces certificates OpenSSL accepts, whatever random serial they draw", async () => {
    // A serial drawn with a leading zero byte used to make OpenSSL refuse the certificate now and then.
    for (let i = 0; i < 10; i++) {
      const { certificatePem } = await generateCredentials({ country: "IT", organization: "Agenzia delle Entrate", commonName: "99MEY000001" }, new Date(), new Date(Date.now() + 86_400_000))
      expect(new X509Certificate(certificatePem).subject).toContain("CN=99MEY000001")
    }
  }, 60_000)
})
