import { isValidIBAN } from "ibantools";
import { parsePhoneNumberFromString } from "libphonenumber-js";

// Personal data in text, with real validators rather than bare patterns (pure): e-mail addresses, phone
// numbers (libphonenumber-js: a number must be valid for its country, international or US national format),
// payment cards (IIN prefix, length and Luhn checksum), IBANs (ibantools: country length + mod-97), and US
// social security numbers (area not 000/666/9xx, group not 00, serial not 0000, published sample numbers
// excluded). A cheap candidate pattern finds spans; only candidates reach the validator.

export interface PiiSpan {
  start: number;
  end: number;
  /** `email` | `phone` | `payment_card` | `iban` | `us_ssn` */
  kind: string;
}

export interface FindPiiOptions {
  text: string;
}

const EMAIL = /(?<![\w.+%-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{2,59})(?![\w-]|\.[A-Za-z0-9])/g;
const PHONE_INTL = /(?<![\w+/.-])\+\d{1,3}(?:[\s.-]?\(?\d{1,5}\)?){1,6}(?![\w-]|\.\d)/g;
const PHONE_US = /(?<![\w+/.-])(?:1[\s.-]?)?\(?[2-9]\d{2}\)?[\s.-]?[2-9]\d{2}[\s.-]\d{4}(?![\w-]|\.\d)/g;
const CARD = /(?<![\w.-])(?:\d[ -]?){12,18}\d(?![\w-]|\.\d)/g;
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/g;
/** A trailing short group the IBAN pattern may have taken from the next word ("… 8901 X", "… 741 ALL CAPS"). */
const IBAN_TAIL = /[ -][A-Z0-9]{1,4}$/;
const SSN = /(?<![\w.-])(\d{3})([-. ])(\d{2})\2(\d{4})(?![\w-]|\.\d)/g;
const SSN_BARE = /\b(?:ssn|social\s+security(?:\s+(?:number|no\.?|#))?|ss#)\s*(?:is|:|#|=)?\s*(\d{9})\b/gi;

export function findPii({ text }: FindPiiOptions): PiiSpan[] {
  const spans: PiiSpan[] = [];
  if (text.includes("@")) {
    for (const m of text.matchAll(EMAIL)) spans.push({ start: m.index, end: m.index + m[0].length, kind: "email" });
  }
  if (!/\d{2}/.test(text)) return spans;
  for (const m of text.matchAll(SSN)) {
    if (validSsn(m[1], m[3], m[4])) spans.push({ start: m.index, end: m.index + m[0].length, kind: "us_ssn" });
  }
  for (const m of text.matchAll(SSN_BARE)) {
    const d = m[1];
    if (validSsn(d.slice(0, 3), d.slice(3, 5), d.slice(5))) {
      const start = m.index + m[0].length - d.length;
      spans.push({ start, end: start + d.length, kind: "us_ssn" });
    }
  }
  for (const m of text.matchAll(CARD)) {
    const digits = m[0].replace(/[ -]/g, "");
    if (isPaymentCard(digits)) spans.push({ start: m.index, end: m.index + m[0].length, kind: "payment_card" });
  }
  if (/[A-Z]{2}\d{2}/.test(text)) {
    for (const m of text.matchAll(IBAN)) {
      const iban = m[0].replace(/[ -]/g, "");
      if (isValidIBAN(iban)) spans.push({ start: m.index, end: m.index + m[0].length, kind: "iban" });
      else if (IBAN_TAIL.test(m[0])) {
        const trimmed = m[0].replace(IBAN_TAIL, "");
        if (isValidIBAN(trimmed.replace(/[ -]/g, ""))) spans.push({ start: m.index, end: m.index + trimmed.length, kind: "iban" });
      }
    }
  }
  const taken = (s: number, e: number) => spans.some((p) => s < p.end && e > p.start);
  if (text.includes("+")) {
    for (const m of text.matchAll(PHONE_INTL)) {
      const e = m.index + m[0].length;
      if (taken(m.index, e)) continue;
      const digits = m[0].replace(/\D/g, "").length;
      if (digits < 8 || digits > 15) continue;
      if (parsePhoneNumberFromString(m[0])?.isValid()) spans.push({ start: m.index, end: e, kind: "phone" });
    }
  }
  for (const m of text.matchAll(PHONE_US)) {
    const e = m.index + m[0].length;
    if (taken(m.index, e)) continue;
    if (!/[\s.()-]/.test(m[0])) continue; // ten bare digits are more often an id than a phone number
    if (parsePhoneNumberFromString(m[0], "US")?.isValid()) spans.push({ start: m.index, end: e, kind: "phone" });
  }
  // National numbers without a country code, right after a word that says a phone number follows ("My
  // Japanese number is 090-1234-5678", "tel. 09-7625400"): valid in one of the common regions.
  if (PHONE_CUE.test(text)) {
    for (const m of text.matchAll(PHONE_NATIONAL)) {
      const e = m.index + m[0].length;
      if (taken(m.index, e)) continue;
      const digits = m[0].replace(/\D/g, "").length;
      if (digits < 8 || digits > 12) continue;
      if (!PHONE_CUE_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
      if (PHONE_REGIONS.some((region) => parsePhoneNumberFromString(m[0], region)?.isValid())) spans.push({ start: m.index, end: e, kind: "phone" });
    }
  }
  return spans;
}

const PHONE_CUE = /\b(?:phone|tel|telephone|mobile|cell|cellphone|fax|whatsapp|call|number|contact)\b/i;
const PHONE_CUE_BEFORE = /\b(?:phone|tel|telephone|mobile|cell|cellphone|fax|whatsapp|call(?:\s+(?:me|us))?|number|contact)\b(?:\s+(?:is|at|on|no\.?|#))?\s*[:.#]?\s*$/i;
const PHONE_NATIONAL = /(?<![\w+/.-])\(?\d{2,5}\)?(?:[\s.-]?\d{2,8}){0,4}(?![\w-]|\.\d)/g;
/** Regions tried for a national number after a phone cue (libphonenumber-js metadata; one must accept it). */
const PHONE_REGIONS = ["US", "GB", "DE", "FR", "ES", "IT", "NL", "IN", "JP", "CN", "IL", "BR", "AU", "CA", "MX", "KR"] as const;

/** US SSN validity (SSA rules since 2011 randomisation still exclude these). */
export function validSsn(area: string, group: string, serial: string): boolean {
  if (area === "000" || area === "666" || area[0] === "9") return false;
  if (group === "00" || serial === "0000") return false;
  const all = area + group + serial;
  if (all === "078051120" || all === "219099999" || all === "123456789") return false; // published/advertising samples
  if (/^(\d)\1{8}$/.test(all)) return false;
  return true;
}

/** A card number: 13–19 digits, a known issuer prefix, and a valid Luhn checksum. */
export function isPaymentCard(digits: string): boolean {
  const n = digits.length;
  if (n < 13 || n > 19 || /^(\d)\1+$/.test(digits)) return false;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  const issuer =
    (digits[0] === "4" && (n === 13 || n === 16 || n === 19)) || // Visa
    (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) || // Mastercard
    ((p2 === 34 || p2 === 37) && n === 15) || // American Express
    ((p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649) || (p6 >= 622126 && p6 <= 622925)) && n >= 16) || // Discover
    (p4 >= 3528 && p4 <= 3589 && n >= 16) || // JCB
    (((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) && n >= 14) || // Diners Club
    (p2 === 62 && n >= 16) || // UnionPay
    ((p4 === 5018 || p4 === 5020 || p4 === 5038 || p4 === 5893 || p4 === 6304 || p4 === 6759 || p4 === 6761 || p4 === 6762 || p4 === 6763) && n >= 12) || // Maestro
    (p4 >= 2200 && p4 <= 2204 && n === 16) || // Mir
    (p4 === 5019 && n === 16) || // Dankort
    ((p2 === 60 || p2 === 81 || p2 === 82 || p3 === 508) && n === 16) || // RuPay
    (digits[0] === "1" && n === 15); // UATP
  return issuer && luhn(digits);
}

export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}
