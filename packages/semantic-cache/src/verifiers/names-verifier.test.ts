import { describe, expect, it } from 'vitest';
import { verdict } from '../../test/test-candidate.js';
import { createNamesVerifier } from './names-verifier.js';

const verifier = createNamesVerifier();

describe('names verifier', () => {
  it.each([
    ['Who founded Amazon?', 'Who founded Alibaba?'],
    ['Best time to visit Lisbon, Portugal', 'Best time to visit Lisbon, Ohio'],
    ['Who painted The Starry Night?', 'Who painted The Night Watch?'],
    ['Summarize "Pride and Prejudice"', 'Summarize "Sense and Sensibility"'],
    ['What does `Promise.all` return?', 'What does `Promise.race` return?'],
    ['When should I use useMemo?', 'When should I use useCallback?'],
    ['What does os.path.join do?', 'What does os.path.split do?'],
    ['What does `kubectl apply --force` do?', 'What does `kubectl apply --dry-run` do?'],
    ['Difference between __str__ and __repr__', 'Difference between __eq__ and __hash__'],
    ['How do I read a file in Ruby?', 'How do I read a file in Elixir?'],
    ['how to parse json in go', 'how to parse json in rust'],
    ['Say thank you in Japanese', 'Say thank you in Korean'],
    ['Is C++ faster than Java?', 'Is C# faster than Java?'],
    ['Who is the CEO of NVIDIA?', 'Who is the CEO of AMD?'],
  ])('refuses %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toMatchObject({ pass: false });
  });

  it.each([
    ['How do I reverse a list in Python?', 'python reverse list'],
    ['How is income taxed in the United Kingdom?', 'UK income tax rules'],
    ['What is the LCM of 8 and 12?', 'least common multiple of 8 and 12'],
    ['Steps to turn on 2FA', 'How do I enable two-factor authentication?'],
    ['Check if a key exists in a JS object', 'JavaScript: does an object have a key?'],
    ['Install Node.js on a Mac', 'How do I install Node.js on macOS?'],
    ['What caused World War I?', 'What caused the First World War?'],
    ['What is the boiling point of water in Fahrenheit?', 'Water boils at what temperature in °F?'],
    ['Who painted the Mona Lisa?', 'The Mona Lisa was painted by whom?'],
    ['Explain the `git rebase` command', 'What does git rebase do?'],
    ['Is it OK to freeze bread?', 'Can you freeze bread?'],
    ['HOW DO I CENTER A DIV IN CSS', 'css center a div'],
    ['How To Center A Div In CSS', 'How do I center a div with CSS?'],
  ])('passes %s / %s', async (cached, prompt) => {
    expect(await verdict(verifier, cached, prompt)).toEqual({ pass: true });
  });
});
