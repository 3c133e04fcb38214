import{q as a}from"./chunk-SNWEWYES.js";import"./chunk-27ISYLU3.js";export{a as reactions};
