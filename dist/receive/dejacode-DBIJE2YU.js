import{a}from"./chunk-C25NOW66.js";import"./chunk-UNF6EEJ4.js";export{a as reactions};
