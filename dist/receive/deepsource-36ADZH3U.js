import{q as a}from"./chunk-R4PCADSV.js";import"./chunk-UNF6EEJ4.js";export{a as reactions};
