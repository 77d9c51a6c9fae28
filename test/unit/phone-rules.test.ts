// One phone rule (issue 11 part 5): schema/common.ts holds the mobile and landline patterns; a
// citizen's own phone (complaints, appointments) is one of those, an office's published number may
// also be a short service number. Inputs tried: mobile, landline with and without extension, 12345,
// a 400 number, a 10-digit mobile, a landline without its dash, letters.
import { describe, expect, it } from 'vitest';
import { isPersonalPhone, PHONE_PATTERN } from '../../schema/common.ts';

const personal = ['13912345678', '0519-85681234', '0519-85681234-801', '010-12345678'];
const serviceOnly = ['12345', '400-123-4567'];
const wrong = ['1391234567', '051985681234', 'abc', '23912345678'];

describe('phone rules', () => {
  it('accepts the same personal phones for complaints and appointments, and no service number', () => {
    for (const p of personal) expect(isPersonalPhone(p), p).toBe(true);
    for (const p of [...serviceOnly, ...wrong]) expect(isPersonalPhone(p), p).toBe(false);
  });

  it("lets an office publish every personal form plus short service numbers, and nothing malformed", () => {
    for (const p of [...personal, ...serviceOnly]) expect(PHONE_PATTERN.test(p), p).toBe(true);
    for (const p of wrong) expect(PHONE_PATTERN.test(p), p).toBe(false);
  });

});
