import { describe, expect, it } from 'vitest';
import { verdict } from '../../test/test-candidate.js';
import { createOrderVerifier } from './order-verifier.js';

const verifier = createOrderVerifier();

describe('order verifier', () => {
  it.each([
    ['Train times from Lyon to Geneva', 'Train times from Geneva to Lyon'],
    ['Convert a Python dict to JSON', 'Convert JSON to a Python dict'],
    [
      'Translate this sentence from German to Italian',
      'Translate this sentence from Italian to German',
    ],
    ['YAML -> TOML converter', 'TOML -> YAML converter'],
    ['Convert XML to YAML', 'Make YAML from XML? No: XML from YAML'],
    ['Is Oslo further north than Helsinki?', 'Is Helsinki further north than Oslo?'],
    ['Does 7 divide 21?', 'Does 21 divide 7?'],
    ['Rebase my branch onto main', 'Rebase main onto my branch'],
    [
      'Should I prefer composition over inheritance?',
      'Should I prefer inheritance over composition?',
    ],
    ['Migrate from MySQL to PostgreSQL', 'Migrate to MySQL from PostgreSQL'],
  ])('refuses %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toMatchObject({ pass: false });
  });

  it.each([
    ['Difference between a list and a tuple', 'Difference between a tuple and a list'],
    ['Rust vs Go for a web server', 'Go vs Rust for a web server'],
    ['Should I learn Swift or Kotlin?', 'Should I learn Kotlin or Swift?'],
    ['How do I convert Celsius to Fahrenheit?', 'celsius to fahrenheit formula'],
    ['Convert a Python list to a set', 'Make a set from a Python list'],
    ['Cheap flights from Rome to Paris', 'Rome to Paris cheap flights'],
    ['In Python, how do I sort a dict by value?', 'How do I sort a dict by value in Python?'],
    ['How do I add a user to a group?', 'Add a user to a group'],
  ])('passes %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toEqual({ pass: true });
  });

  it('names what trades places', async () => {
    expect(await verdict(verifier, 'Does 7 divide 21?', 'Does 21 divide 7?')).toEqual({
      pass: false,
      reason: '"21" and "7" trade places',
    });
  });
});
