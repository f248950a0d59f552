import { describe, expect, it } from 'vitest';
import { verdict } from '../../test/test-candidate.js';
import { createUnitsVerifier } from './units-verifier.js';

const verifier = createUnitsVerifier();

describe('units verifier', () => {
  it.each([
    ['How many grams are in a cup of sugar?', 'How many ounces are in a cup of sugar?'],
    ['Convert 50 USD to euros', 'Convert 50 USD to yen'],
    ['Price of 1 bitcoin in dollars', 'Price of 1 bitcoin in pounds sterling'],
    ['Top speed of a cheetah in mph', 'Top speed of a cheetah in km/h'],
    ['How much is 3 tbsp in ml?', 'How much is 3 tsp in ml?'],
    ['Average car fuel use in mpg', 'Average car fuel use in liters per 100 km'],
    ['What is 40 °C in Fahrenheit?', 'What is 40 °F in Celsius?'],
    ['Convert 10 kg to pounds', 'Convert 10 lb to kilograms'],
    ['How long is 1 nanosecond in seconds?', 'How long is 1 millisecond in seconds?'],
    ['Is 8 GB of RAM enough?', 'Is 8 TB of RAM enough?'],
  ])('refuses %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toMatchObject({ pass: false });
  });

  it.each([
    ['How many ounces are in a pound?', 'How many oz in a lb?'],
    ['Convert 5 kilometres to miles', '5 km in mi?'],
    ['Top speed of a cheetah in mph', 'How fast is a cheetah in miles per hour?'],
    ['Water boils at what temperature in °F?', 'boiling point of water in degrees Fahrenheit'],
    ['How many degrees in a right angle?', 'A right angle is how many degrees?'],
    ['How long should I boil an egg?', 'How many minutes should I boil an egg?'],
    ['What is $20 in euros?', 'Convert 20 US dollars to EUR'],
    ['How many fl oz in a cup?', 'How many fluid ounces are in a cup?'],
    ['Is a 32-bit integer enough?', 'is a 32 bit int enough'],
    ['What is 2 pounds in grams?', 'How many grams is 2 lb?'],
  ])('passes %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toEqual({ pass: true });
  });

  it('names the units that differ', async () => {
    expect(await verdict(verifier, 'Convert 50 USD to euros', 'Convert 50 USD to yen')).toEqual({
      pass: false,
      reason: 'units differ: "jpy" in the prompt, "eur" cached',
    });
  });
});
