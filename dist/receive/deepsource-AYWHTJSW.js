import{q as a}from"./chunk-YDJ6YWJ4.js";import"./chunk-USXZQT3V.js";export{a as reactions};
